package io.chat4all.api.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Answers in problem+json for requests the server refuses before routing: broken framing, bad headers, and bodies
 * beyond Helidon's own {@code max-payload-size}, the cap above {@link BodySizeLimit}.
 */
public final class ProblemDirectHandler implements DirectHandler {
    private final long maxBytes;

    private ProblemDirectHandler(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Direct handlers for every event type, all answering with problems; 413s quote the api's body limit. */
    public static DirectHandlers forAllEvents(long maxBytes) {
        ProblemDirectHandler handler = new ProblemDirectHandler(maxBytes);
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request,
                                    EventType eventType,
                                    Status status,
                                    ServerResponseHeaders responseHeaders,
                                    String message) {
        ApiProblem problem = status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()
                ? BodySizeLimit.tooLarge(maxBytes)
                : ApiProblem.of(status, detail(status, message));
        return TransportResponse.builder()
                .status(status)
                .headers(responseHeaders)
                .header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .entity(Json.bytes(problem.body()))
                .build();
    }

    private static String detail(Status status, String message) {
        if (status.code() >= 500 || message == null || message.isBlank()) {
            return status.reasonPhrase();
        }
        return message;
    }
}
