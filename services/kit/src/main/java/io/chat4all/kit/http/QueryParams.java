package io.chat4all.kit.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.helidon.webserver.http.ServerRequest;

/** Reads query parameters and collects every violation, so one 400 names all of them. */
public final class QueryParams {
    private final Function<String, Optional<String>> lookup;
    private final List<FieldError> errors = new ArrayList<>();

    private QueryParams(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    public static QueryParams of(ServerRequest req) {
        return new QueryParams(name -> req.query().first(name).asOptional());
    }

    public static QueryParams of(Map<String, String> values) {
        return new QueryParams(name -> Optional.ofNullable(values.get(name)));
    }

    /** {@code limit}: an integer from 1 to {@code max}. */
    public int limit(int defaultLimit, int max) {
        Optional<String> text = value("limit");
        if (text.isEmpty()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(text.get());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, like an out-of-range number
        }
        errors.add(new FieldError("limit", "must be an integer from 1 to " + max));
        return defaultLimit;
    }

    /** {@code cursor}: a position handed out as {@code next_cursor} by an earlier page. */
    public Optional<UUID> cursor() {
        Optional<String> text = value("cursor");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<UUID> position = Cursors.decode(text.get());
        if (position.isEmpty()) {
            errors.add(new FieldError("cursor", "is not a cursor returned by this api"));
        }
        return position;
    }

    /** A parameter that must be a UUID; null (and an error) when it is missing or is not one. */
    public UUID requiredUuid(String name) {
        Optional<String> text = value(name);
        UUID id = text.map(UuidText::parse).orElse(null);
        if (id == null) {
            errors.add(new FieldError(name, text.isEmpty() ? "is required" : "must be a UUID"));
        }
        return id;
    }

    /** A parameter that must be present; null (and an error) when it is missing or empty. */
    public String requiredText(String name) {
        Optional<String> text = value(name).filter(value -> !value.isEmpty());
        if (text.isEmpty()) {
            errors.add(new FieldError(name, "is required"));
        }
        return text.orElse(null);
    }

    /** A parameter that may be absent. */
    public Optional<String> optional(String name) {
        return value(name);
    }

    /** Records a problem with a parameter, reported with the others by {@link #throwIfInvalid()}. */
    public void reject(String name, String message) {
        errors.add(new FieldError(name, message));
    }

    /** A parameter that takes one of a few words. */
    public String oneOf(String name, Set<String> allowed, String defaultValue) {
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        if (!allowed.contains(text.get())) {
            errors.add(new FieldError(name, "must be one of " + allowed.stream().sorted().toList()));
            return defaultValue;
        }
        return text.get();
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
    }

    private Optional<String> value(String name) {
        try {
            return lookup.apply(name);
        } catch (IllegalArgumentException badEncoding) {
            errors.add(new FieldError(name, "is not validly URL-encoded"));
            return Optional.empty();
        }
    }
}
