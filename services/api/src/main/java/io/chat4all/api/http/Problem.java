package io.chat4all.api.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error answer: RFC 9457 problem details, plus {@code errors} when fields failed validation. */
public record Problem(String type,
                      String title,
                      int status,
                      String detail,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
}
