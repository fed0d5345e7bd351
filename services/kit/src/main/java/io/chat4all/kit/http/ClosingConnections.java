package io.chat4all.kit.http;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Closes the connection after an answer that says {@code Connection: close}, as RFC 9112 (section 9.6) requires.
 * Must be the first filter, so that it sees the final answer.
 *
 * <p>Helidon 4.5 sends the header (when the client asked for it, or a handler set it) but then goes on reading the
 * connection for another request. After a body that was refused unread or broke off, those bytes are the rest of
 * that body: Helidon would answer them as a second, garbled request, or wait for them until the client gives up.
 */
public final class ClosingConnections implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        chain.proceed();
        if (res.isSent() && res.headers().containsToken(HeaderValues.CONNECTION_CLOSE)) {
            throw new CloseConnectionException("answered with Connection: close");
        }
    }
}
