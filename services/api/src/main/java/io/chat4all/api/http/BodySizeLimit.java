package io.chat4all.api.http;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Refuses a body whose {@code Content-Length} exceeds the limit with 413, before any of it is read.
 *
 * <p>The answer keeps the connection open, so Helidon then reads and discards the rest of the body: a server that
 * closed at once would reset the connection while the client is still sending, and the client would never see the
 * 413 (RFC 9112, section 9.6). Helidon's own {@code max-payload-size} caps what is discarded that way. A client that
 * asked {@code Expect: 100-continue} has sent no body yet, so its answer says {@code Connection: close} and
 * {@link ClosingConnections} closes without waiting for one. Chunked bodies carry no length; {@link JsonBodies}
 * stops reading them at the same limit.
 */
public final class BodySizeLimit implements Filter {
    private final long maxBytes;

    public BodySizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public static ApiProblem tooLarge(long maxBytes) {
        return ApiProblem.of(Status.REQUEST_ENTITY_TOO_LARGE_413, "request body exceeds " + maxBytes + " bytes");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (req.headers().contentLength().orElse(0) > maxBytes) {
            boolean bodyWithheld = req.headers().containsToken(HeaderValues.EXPECT_100);
            ProblemHandlers.send(req, res, bodyWithheld ? tooLarge(maxBytes).closingConnection() : tooLarge(maxBytes));
            return;
        }
        chain.proceed();
    }
}
