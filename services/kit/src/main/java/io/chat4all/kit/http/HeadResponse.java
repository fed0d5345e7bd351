package io.chat4all.kit.http;

import java.io.OutputStream;
import java.util.function.UnaryOperator;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The answer to a HEAD request: the status and headers GET would get, {@code Content-Length} included, and no body
 * (RFC 9110, section 9.3.2). Helidon 4.5 sends whatever body a handler gives it, and a client, which reads no body
 * after HEAD, would then take those bytes for the start of the next response on the connection.
 */
final class HeadResponse implements ServerResponse {
    private final ServerResponse response;

    private HeadResponse(ServerResponse response) {
        this.response = response;
    }

    /** {@code res} itself, or the body-less answer when {@code req} is a HEAD request. */
    static ServerResponse of(ServerRequest req, ServerResponse res) {
        return req.prologue().method().equals(Method.HEAD) ? new HeadResponse(res) : res;
    }

    @Override
    public void send(byte[] bytes) {
        send(bytes, 0, bytes.length);
    }

    @Override
    public void send(byte[] bytes, int position, int length) {
        // Helidon keeps a Content-Length that is set and writes only the (empty) entity it is given.
        response.contentLength(length);
        response.send();
    }

    @Override
    public void send() {
        response.send();
    }

    @Override
    public void send(Object entity) {
        if (!(entity instanceof byte[] bytes)) {
            throw new UnsupportedOperationException("services send bodies as bytes (Json.send)");
        }
        send(bytes);
    }

    @Override
    public OutputStream outputStream() {
        throw new UnsupportedOperationException("services send bodies as bytes (Json.send)");
    }

    @Override
    public ServerResponse status(Status status) {
        response.status(status);
        return this;
    }

    @Override
    public Status status() {
        return response.status();
    }

    @Override
    public ServerResponse header(Header header) {
        response.header(header);
        return this;
    }

    @Override
    public ServerResponseHeaders headers() {
        return response.headers();
    }

    @Override
    public ServerResponseTrailers trailers() {
        return response.trailers();
    }

    @Override
    public boolean isSent() {
        return response.isSent();
    }

    @Override
    public long bytesWritten() {
        return response.bytesWritten();
    }

    @Override
    public ServerResponse whenSent(Runnable listener) {
        response.whenSent(listener);
        return this;
    }

    @Override
    public ServerResponse reroute(String newPath) {
        response.reroute(newPath);
        return this;
    }

    @Override
    public ServerResponse reroute(String path, UriQuery query) {
        response.reroute(path, query);
        return this;
    }

    @Override
    public ServerResponse next() {
        response.next();
        return this;
    }

    @Override
    public void streamResult(String result) {
        response.streamResult(result);
    }

    @Override
    public void streamFilter(UnaryOperator<OutputStream> filterFunction) {
        response.streamFilter(filterFunction);
    }
}
