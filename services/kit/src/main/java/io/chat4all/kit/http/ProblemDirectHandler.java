package io.chat4all.kit.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers in problem+json for requests the server refuses before routing: broken framing, bad headers, HTTP/1.0,
 * and bodies beyond Helidon's own {@code max-payload-size}, the cap above {@link BodySizeLimit}. A 500 in routing
 * gets an {@code error_id} that the ERROR log line repeats, like one from {@link ProblemHandlers}.
 */
public final class ProblemDirectHandler implements DirectHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemDirectHandler.class);
    /** Helidon 4.5 refuses HTTP/1.0 while it parses the request line; no setting changes that. */
    private static final String HTTP_1_0_REFUSED = "HTTP/1.0 is not supported: send HTTP/1.1"
            + " (a proxy in front of a service must speak HTTP/1.1 to it, e.g. nginx: proxy_http_version 1.1)";

    private final long maxBytes;

    private ProblemDirectHandler(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Direct handlers for every event type, all answering with problems; 413s quote the body limit. */
    public static DirectHandlers forAllEvents(long maxBytes) {
        ProblemDirectHandler handler = new ProblemDirectHandler(maxBytes);
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    /** During routing Helidon passes the exception itself: a 500 is logged with it. */
    @Override
    public TransportResponse handle(TransportRequest request,
                                    EventType eventType,
                                    Status status,
                                    ServerResponseHeaders responseHeaders,
                                    Throwable thrown) {
        if (status.code() == Status.INTERNAL_SERVER_ERROR_500.code()) {
            return answer(request, status, responseHeaders, ProblemHandlers.fault(request.method(), request.path(), thrown));
        }
        return DirectHandler.super.handle(request, eventType, status, responseHeaders, thrown);
    }

    /**
     * Before routing Helidon passes a message only. Its failures there come from parsing the client's bytes: Helidon
     * 4.5 reports some malformed request lines (a method name with a character no method may have) as internal
     * errors, with nothing to tell them from its own, so all of them are the request's fault here.
     */
    @Override
    public TransportResponse handle(TransportRequest request,
                                    EventType eventType,
                                    Status status,
                                    ServerResponseHeaders responseHeaders,
                                    String message) {
        ApiProblem problem;
        if (status.code() == Status.INTERNAL_SERVER_ERROR_500.code()) {
            LOG.warn("refused a request that failed before routing; logger {} tells why at DEBUG", Http1Connection.class.getName());
            return answer(request, Status.BAD_REQUEST_400, responseHeaders,
                    ApiProblem.of(Status.BAD_REQUEST_400, "the request could not be parsed"));
        } else if (status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
            problem = BodySizeLimit.tooLarge(maxBytes);
        } else if (eventType == EventType.HTTP_VERSION_NOT_SUPPORTED) {
            problem = ApiProblem.of(status, HTTP_1_0_REFUSED);
        } else {
            problem = ApiProblem.of(status, detail(status, message));
        }
        return answer(request, status, responseHeaders, problem);
    }

    private static TransportResponse answer(TransportRequest request,
                                            Status status,
                                            ServerResponseHeaders responseHeaders,
                                            ApiProblem problem) {
        TransportResponse.Builder response = TransportResponse.builder()
                .status(status)
                .headers(responseHeaders)
                .header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        // No body after HEAD (RFC 9110, section 9.3.2); Helidon then says Content-Length: 0.
        if (!Method.HEAD.text().equals(request.method())) {
            response.entity(Json.bytes(problem.body()));
        }
        return response.build();
    }

    private static String detail(Status status, String message) {
        if (status.code() >= 500 || message == null || message.isBlank()) {
            return status.reasonPhrase();
        }
        return message;
    }
}
