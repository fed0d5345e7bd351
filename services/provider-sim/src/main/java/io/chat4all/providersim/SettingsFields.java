package io.chat4all.providersim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.FieldError;

/**
 * Reads the fields of an admin settings body, by dotted path ({@code latency.median_ms}); an absent field takes its
 * fallback. Collects every violation, unknown fields included (a misspelt setting must not pass for a default), so
 * one 400 names all of them.
 */
final class SettingsFields {
    private final JsonNode body;
    private final List<FieldError> errors = new ArrayList<>();

    SettingsFields(JsonNode body, Set<String> knownPaths) {
        this.body = body;
        rejectUnknown(body, "", knownPaths);
    }

    /** A number from 0 to 1. */
    double fraction(String path, double fallback) {
        JsonNode node = node(path);
        if (node == null) {
            return fallback;
        }
        if (!node.isNumber() || !(node.doubleValue() >= 0 && node.doubleValue() <= 1)) {
            errors.add(new FieldError(path, "must be a number from 0 to 1"));
            return fallback;
        }
        return node.doubleValue();
    }

    /** A whole number of at least {@code min}. */
    long whole(String path, long min, long fallback) {
        JsonNode node = node(path);
        if (node == null) {
            return fallback;
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.longValue() < min) {
            errors.add(new FieldError(path, "must be a whole number of at least " + min));
            return fallback;
        }
        return node.longValue();
    }

    String text(String path, String fallback) {
        JsonNode node = node(path);
        if (node == null) {
            return fallback;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(path, "must be a string"));
            return fallback;
        }
        return node.textValue();
    }

    void reject(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
    }

    /** The value at {@code path}; null when it or an object above it is absent or JSON null. */
    private JsonNode node(String path) {
        JsonNode node = body;
        String[] names = path.split("\\.");
        for (int i = 0; i < names.length; i++) {
            if (i > 0 && !node.isObject()) {
                errors.add(new FieldError(String.join(".", List.of(names).subList(0, i)), "must be an object"));
                return null;
            }
            node = node.get(names[i]);
            if (node == null || node.isNull()) {
                return null;
            }
        }
        return node;
    }

    private void rejectUnknown(JsonNode object, String prefix, Set<String> knownPaths) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String path = prefix + names.next();
            JsonNode value = object.get(path.substring(prefix.length()));
            boolean parent = knownPaths.stream().anyMatch(known -> known.startsWith(path + "."));
            if (parent && value.isObject()) {
                rejectUnknown(value, path + ".", knownPaths);
            } else if (!parent && !knownPaths.contains(path)) {
                errors.add(new FieldError(path, "is not a known setting; known: " + knownPaths.stream().sorted().toList()));
            }
        }
    }
}
