package io.chat4all.kit.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer: RFC 9457 problem details, plus {@code errors} when fields failed validation and
 * {@code error_id} when the server failed: the same id is in the ERROR line of the server log.
 */
public record Problem(String type,
                      String title,
                      int status,
                      String detail,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String errorId) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this(type, title, status, detail, errors, null);
    }
}
