package io.chat4all.kit.http;

import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * A body must announce its size in {@code Content-Length}, within the limit: checked before any of it is read.
 *
 * <p>A {@code Transfer-Encoding} (chunked) body is refused with 411 (RFC 9112, section 6.3), and the connection
 * closed: Helidon 4.5 would buffer a chunk-size line without bound (a client could fill the heap with one line),
 * reads a chunk extension as a malformed size, and has no limit but its own on such a body. The api's bodies are
 * small JSON documents, which every client sends with a length.
 *
 * <p>A body over the limit is refused with 413 and the connection kept open, so Helidon then reads and discards
 * the rest of the body: a server that closed at once would reset the connection while the client is still sending,
 * and the client would never see the 413 (RFC 9112, section 9.6). Helidon's own {@code max-payload-size} caps what
 * is discarded that way. A client that asked {@code Expect: 100-continue} has sent no body yet, so its answer closes
 * the connection without waiting for one (see {@link ClosingConnections}). Beyond {@link #MAX_DISCARDED_BODY} the
 * rest is not worth reading: the answer closes the connection instead.
 *
 * <p>{@link StreamedUpload} routes have a limit of their own; every other route has the JSON limit.
 */
public final class BodySizeLimit implements Filter {
    /** Beyond this, a refused body is no longer read and discarded to let the client see its 413: the connection is cut. */
    static final long MAX_DISCARDED_BODY = 16 * 1024 * 1024;

    private final long maxBytes;
    private final List<StreamedUpload> uploads;

    public BodySizeLimit(long maxBytes) {
        this(maxBytes, List.of());
    }

    public BodySizeLimit(long maxBytes, List<StreamedUpload> uploads) {
        this.maxBytes = maxBytes;
        this.uploads = List.copyOf(uploads);
    }

    public static ApiProblem tooLarge(long maxBytes) {
        return ApiProblem.of(Status.REQUEST_ENTITY_TOO_LARGE_413, "request body exceeds " + maxBytes + " bytes");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (req.headers().contains(HeaderNames.TRANSFER_ENCODING)) {
            ProblemHandlers.send(req, res, ApiProblem.of(Status.LENGTH_REQUIRED_411,
                    "send the request body with a Content-Length; chunked and other transfer codings are not accepted")
                    .closingConnection());
            return;
        }
        long limit = limitFor(req);
        long length = req.headers().contentLength().orElse(0);
        if (length > limit) {
            boolean bodyWithheld = req.headers().containsToken(HeaderValues.EXPECT_100);
            boolean notWorthReading = length > MAX_DISCARDED_BODY;
            ProblemHandlers.send(req, res, bodyWithheld || notWorthReading ? tooLarge(limit).closingConnection() : tooLarge(limit));
            return;
        }
        chain.proceed();
    }

    private long limitFor(RoutingRequest req) {
        for (StreamedUpload upload : uploads) {
            if (upload.matches(req.prologue().method(), req.path().path())) {
                return upload.maxBytes();
            }
        }
        return maxBytes;
    }
}
