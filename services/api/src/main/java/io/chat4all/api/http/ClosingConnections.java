package io.chat4all.api.http;

import java.io.IOException;
import java.io.OutputStream;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Ends each exchange so that the connection is either ready for the next request or closed, never stuck in between.
 * Must be the first filter, so that it sees the final answer.
 *
 * <p>Helidon 4.5 sends {@code Connection: close} (when the client asked for it, or a handler set it) but then goes
 * on reading the connection for another request, although RFC 9112 (section 9.6) says to close it. After a body
 * whose framing broke, those bytes are the rest of that body: Helidon would answer them as a second, garbled
 * request, or wait for the rest until the client gives up. So an answer that says close is followed by the close.
 *
 * <p>A body the route did not read is read to its end here, as Helidon would do itself, except that broken chunked
 * framing closes the connection: Helidon's own draining would wait for more chunk lines that may never come.
 */
public final class ClosingConnections implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        chain.proceed();
        if (!res.isSent()) {
            return;
        }
        if (res.headers().containsToken(HeaderValues.CONNECTION_CLOSE)) {
            throw new CloseConnectionException("answered with Connection: close");
        }
        if (!req.content().consumed() && !drained(req)) {
            throw new CloseConnectionException("the unread rest of the request body cannot be skipped");
        }
    }

    private static boolean drained(ServerRequest req) {
        if (req.headers().containsToken(HeaderValues.EXPECT_100)) {
            // The client sends its body after 100 Continue, which must not follow a final answer.
            return false;
        }
        try {
            // Not closed on failure: closing reads on, and would wait for the rest of a body that is broken.
            req.content().inputStream().transferTo(OutputStream.nullOutputStream());
            return true;
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }
}
