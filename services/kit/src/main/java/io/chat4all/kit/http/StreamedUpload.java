package io.chat4all.kit.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;

/**
 * A route whose handler reads its request body as a stream, never whole, and so may take a body far beyond the
 * JSON limit: up to {@code maxBytes}, which {@link BodySizeLimit} checks against {@code Content-Length} before the
 * handler runs. Every other route keeps the server's JSON limit.
 *
 * @param method   the route's method
 * @param path     the exact path (no path parameters)
 * @param maxBytes the largest body it takes
 */
public record StreamedUpload(Method method, String path, long maxBytes) {

    public StreamedUpload {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
    }

    boolean matches(Method requestMethod, String requestPath) {
        return method.equals(requestMethod) && path.equals(requestPath);
    }

    /**
     * The handler, but a refusal it gives before reading the body (a missing token, a conversation the caller is not
     * in) closes the connection: the body may be gigabytes, which Helidon would otherwise read and drop to keep the
     * connection, and a client that asked {@code Expect: 100-continue} has not sent it at all.
     */
    public static Handler closingOnRefusalBeforeBody(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (ApiProblem problem) {
                throw req.content().consumed() ? problem : problem.closingConnection();
            }
        };
    }
}
