package io.chat4all.kit.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.TextRule;

/**
 * Reads the fields of a JSON request object and collects every violation, so one 400 names all of them.
 * Readers return null (or empty) for a field in error; call {@link #throwIfInvalid()} before using the values.
 * Unknown fields are ignored. Every string read must be valid Unicode ({@link TextRule#encodingProblem}): a JSON
 * escape can spell an unpaired surrogate, which no later hop could store.
 */
public final class RequestFields {
    private final JsonNode body;
    private final List<FieldError> errors = new ArrayList<>();

    private RequestFields(JsonNode body) {
        this.body = body;
    }

    public static RequestFields of(JsonNode body) {
        return new RequestFields(body);
    }

    public String requiredText(String field) {
        JsonNode node = body.get(field);
        if (isAbsent(node)) {
            reject(field, "is required");
            return null;
        }
        return text(field, node);
    }

    public Optional<String> optionalText(String field) {
        JsonNode node = body.get(field);
        return isAbsent(node) ? Optional.empty() : Optional.ofNullable(text(field, node));
    }

    /** A required string that must also pass {@code rule}; null when it is absent or breaks the rule. */
    public String requiredText(String field, TextRule rule) {
        String text = requiredText(field);
        if (text == null) {
            return null;
        }
        Optional<String> problem = rule.problem(text);
        problem.ifPresent(message -> reject(field, message));
        return problem.isPresent() ? null : text;
    }

    public UUID requiredUuid(String field) {
        String text = requiredText(field);
        return text == null ? null : uuid(field, text);
    }

    public Optional<UUID> optionalUuid(String field) {
        return optionalText(field).map(text -> uuid(field, text));
    }

    /** A required array of UUID strings; errors name the element, e.g. {@code member_ids[2]}. */
    public List<UUID> requiredUuidList(String field) {
        JsonNode node = body.get(field);
        if (isAbsent(node)) {
            reject(field, "is required");
            return List.of();
        }
        if (!node.isArray()) {
            reject(field, "must be an array of UUID strings");
            return List.of();
        }
        List<UUID> ids = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String element = field + "[" + i + "]";
            String text = text(element, node.get(i));
            UUID id = text == null ? null : uuid(element, text);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Records a violation found by a caller's own rule. */
    public void reject(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw problem();
        }
    }

    /** The 400 naming every violation found so far. */
    public ApiProblem problem() {
        return ApiProblem.validation(errors);
    }

    private String text(String field, JsonNode node) {
        if (!node.isTextual()) {
            reject(field, "must be a string");
            return null;
        }
        Optional<String> encoding = TextRule.encodingProblem(node.textValue());
        if (encoding.isPresent()) {
            reject(field, encoding.get());
            return null;
        }
        return node.textValue();
    }

    private UUID uuid(String field, String text) {
        UUID id = UuidText.parse(text);
        if (id == null) {
            reject(field, "must be a UUID");
        }
        return id;
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }
}
