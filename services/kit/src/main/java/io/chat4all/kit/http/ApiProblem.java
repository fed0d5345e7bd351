package io.chat4all.kit.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;

/**
 * A request a service refuses, thrown from anywhere in a handler and turned into a problem+json answer by
 * {@link ProblemHandlers}. It is control flow, not a fault, so it carries no stack trace.
 */
public final class ApiProblem extends RuntimeException {
    private static final String TYPE_PREFIX = "urn:chat4all:problem:";

    private final Status status;
    private final String kind;
    private final List<FieldError> errors;
    private final String errorId;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private ApiProblem(Status status, String kind, String detail, List<FieldError> errors) {
        this(status, kind, detail, errors, null);
    }

    private ApiProblem(Status status, String kind, String detail, List<FieldError> errors, String errorId) {
        super(detail, null, false, false);
        this.status = status;
        this.kind = kind;
        this.errors = List.copyOf(errors);
        this.errorId = errorId;
    }

    /** A problem with the type every answer of this status gets. */
    public static ApiProblem of(Status status, String detail) {
        return new ApiProblem(status, kindOf(status), detail, List.of());
    }

    public static ApiProblem validation(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
        return new ApiProblem(Status.BAD_REQUEST_400, "validation", detail, errors);
    }

    public static ApiProblem invalidField(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public static ApiProblem malformedJson(String detail) {
        return new ApiProblem(Status.BAD_REQUEST_400, "malformed-json", detail, List.of());
    }

    /**
     * 400 for a body that broke off while it was read: where the next request would start is unknown, so the answer
     * closes the connection (see {@link ClosingConnections}).
     */
    public static ApiProblem unreadableBody(String detail) {
        return new ApiProblem(Status.BAD_REQUEST_400, "unreadable-body", detail, List.of()).closingConnection();
    }

    /** 500 for a fault of the server, under a fresh random id that the caller logs with the cause. */
    public static ApiProblem internal() {
        String errorId = UUID.randomUUID().toString();
        return new ApiProblem(Status.INTERNAL_SERVER_ERROR_500, "internal",
                "internal error; the server log has its cause under error_id " + errorId, List.of(), errorId);
    }

    /** 401 with the {@code WWW-Authenticate} challenge RFC 6750 asks for; {@code error} is null when no token was sent. */
    public static ApiProblem unauthorized(String detail, String error) {
        String challenge = error == null ? "Bearer realm=\"chat4all\"" : "Bearer realm=\"chat4all\", error=\"" + error + "\"";
        return of(Status.UNAUTHORIZED_401, detail).withHeader(HeaderNames.WWW_AUTHENTICATE.defaultCase(), challenge);
    }

    public static ApiProblem forbidden(String detail) {
        return of(Status.FORBIDDEN_403, detail);
    }

    public static ApiProblem notFound(String detail) {
        return of(Status.NOT_FOUND_404, detail);
    }

    public static ApiProblem conflict(String detail) {
        return of(Status.CONFLICT_409, detail);
    }

    /** 422: the request is well formed but names users that do not exist. */
    public static ApiProblem unknownUsers(List<FieldError> errors) {
        return new ApiProblem(Status.UNPROCESSABLE_CONTENT_422, "unknown-user", "the request names unknown users", errors);
    }

    /** 422: the request is well formed but refers to something it may not use, named in {@code errors}. */
    public static ApiProblem unprocessable(String detail, List<FieldError> errors) {
        return new ApiProblem(Status.UNPROCESSABLE_CONTENT_422, "unprocessable-content", detail, errors);
    }

    public static ApiProblem unavailable(String detail, Duration retryAfter) {
        return of(Status.SERVICE_UNAVAILABLE_503, detail).withRetryAfter(retryAfter);
    }

    public static ApiProblem tooManyRequests(String detail, Duration retryAfter) {
        return of(Status.TOO_MANY_REQUESTS_429, detail).withRetryAfter(retryAfter);
    }

    /** {@code Retry-After} in whole seconds, at least 1, rounded up so a client that waits that long is let in. */
    private ApiProblem withRetryAfter(Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.plusNanos(999_999_999).toSeconds());
        return withHeader(HeaderNames.RETRY_AFTER.defaultCase(), String.valueOf(seconds));
    }

    public ApiProblem withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Answers with {@code Connection: close}, and {@link ClosingConnections} then closes the connection. */
    public ApiProblem closingConnection() {
        return withHeader(HeaderNames.CONNECTION.defaultCase(), HeaderValues.CONNECTION_CLOSE.get());
    }

    public Status status() {
        return status;
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The id under which a server fault is logged; null for every other problem. */
    public String errorId() {
        return errorId;
    }

    public Problem body() {
        return new Problem(TYPE_PREFIX + kind, status.reasonPhrase(), status.code(), getMessage(), errors, errorId);
    }

    private static String kindOf(Status status) {
        return switch (status.code()) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 409 -> "conflict";
            case 411 -> "length-required";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 416 -> "range-not-satisfiable";
            case 422 -> "unprocessable-content";
            case 429 -> "too-many-requests";
            case 503 -> "unavailable";
            case 500 -> "internal";
            default -> "http-" + status.code();
        };
    }
}
