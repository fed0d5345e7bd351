package io.chat4all.kit.http;

/** One reason a request was refused: the offending field (body, path, query or header) and what is wrong with it. */
public record FieldError(String field, String message) {
}
