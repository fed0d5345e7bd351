package io.chat4all.api.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.BadRequestException;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;

/** Reads a request body that must be a JSON object, sent as {@code application/json}, of bounded size. */
public final class JsonBodies {
    private final long maxBytes;

    public JsonBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public JsonNode readObject(ServerRequest req) {
        if (!isJson(req)) {
            throw ApiProblem.of(Status.UNSUPPORTED_MEDIA_TYPE_415, "Content-Type must be application/json");
        }
        JsonNode body = parse(req);
        if (body.isMissingNode()) {
            throw ApiProblem.malformedJson("a JSON object body is required");
        }
        if (!body.isObject()) {
            throw ApiProblem.malformedJson("request body must be a JSON object");
        }
        return body;
    }

    private JsonNode parse(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return Json.MAPPER.missingNode();
        }
        try (InputStream in = new Limited(req.content().inputStream(), maxBytes)) {
            return Json.MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw ApiProblem.malformedJson("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // The client went away or sent less than it announced: its mistake, not a server failure.
            throw ApiProblem.of(Status.BAD_REQUEST_400, "the request body could not be read completely");
        }
    }

    private static boolean isJson(ServerRequest req) {
        Optional<HttpMediaType> contentType;
        try {
            contentType = req.headers().contentType();
        } catch (BadRequestException | IllegalArgumentException unparsable) {
            return false;
        }
        return contentType
                .map(type -> type.type().equalsIgnoreCase("application") && type.subtype().equalsIgnoreCase("json"))
                .orElse(false);
    }

    /** Fails with 413 once more than {@code maxBytes} were read: the limit for bodies that come without a length. */
    private static final class Limited extends FilterInputStream {
        private final long maxBytes;
        private long read;

        Limited(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw BodySizeLimit.tooLarge(maxBytes);
            }
        }
    }
}
