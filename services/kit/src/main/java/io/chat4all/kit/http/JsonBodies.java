package io.chat4all.kit.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.BadRequestException;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;

/**
 * Reads a request body that must be a JSON object, sent as {@code application/json} in UTF-8, of bounded size.
 *
 * <p>The body is read whole (it is small), decoded as strict UTF-8, and only then parsed: malformed or overlong
 * byte sequences and encoded surrogates are refused, never replaced, so every string a service sees is the text the
 * client sent.
 */
public final class JsonBodies {
    private final int maxBytes;

    public JsonBodies(long maxBytes) {
        this.maxBytes = Math.toIntExact(maxBytes);
    }

    public JsonNode readObject(ServerRequest req) {
        return parseObject(readBytes(req));
    }

    /**
     * The body's bytes, as sent, after the same checks as {@link #readObject} (JSON content type, size, not empty):
     * for a caller that must see the raw body before parsing it, e.g. to verify a signature over it.
     */
    public byte[] readBytes(ServerRequest req) {
        requireJson(req);
        byte[] bytes = read(req);
        if (bytes.length == 0) {
            throw ApiProblem.malformedJson("a JSON object body is required");
        }
        return bytes;
    }

    /** The JSON object in {@code bytes} (strict UTF-8), or a 400 problem. */
    public JsonNode parseObject(byte[] bytes) {
        JsonNode body = parse(decodeUtf8(bytes));
        if (!body.isObject()) {
            throw ApiProblem.malformedJson("request body must be a JSON object");
        }
        return body;
    }

    /**
     * Never more than {@code maxBytes}, whatever the filters in front let through. A body with a Content-Length is
     * read into an array of exactly that size: reading up to the limit instead allocated a 16 KB buffer (and a copy)
     * for every request, up to a tenth of a service's allocation.
     */
    private byte[] read(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        OptionalLong declared = req.headers().contentLength();
        try {
            InputStream in = req.content().inputStream();
            if (declared.isPresent() && declared.getAsLong() <= maxBytes) {
                byte[] bytes = new byte[(int) declared.getAsLong()];
                if (in.readNBytes(bytes, 0, bytes.length) < bytes.length) {
                    throw endedEarly();
                }
                return bytes;
            }
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw BodySizeLimit.tooLarge(maxBytes);
            }
            return bytes;
        } catch (IOException | UncheckedIOException | DataReader.InsufficientDataAvailableException e) {
            throw endedEarly();
        }
    }

    /** Less than Content-Length arrived before the client stopped sending: the next request's start is unknown. */
    private static ApiProblem endedEarly() {
        return ApiProblem.unreadableBody("the request body ended before its Content-Length");
    }

    private static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more UTF-16 units than it has bytes.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw ApiProblem.malformedJson("request body is not valid UTF-8: byte " + in.position()
                    + " starts a malformed, overlong or surrogate sequence");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ApiProblem.malformedJson("request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void requireJson(ServerRequest req) {
        Optional<HttpMediaType> contentType;
        try {
            contentType = req.headers().contentType();
        } catch (BadRequestException | IllegalArgumentException unparsable) {
            contentType = Optional.empty();
        }
        boolean json = contentType
                .map(type -> type.type().equalsIgnoreCase("application") && type.subtype().equalsIgnoreCase("json"))
                .orElse(false);
        if (!json) {
            throw ApiProblem.of(Status.UNSUPPORTED_MEDIA_TYPE_415, "Content-Type must be application/json");
        }
        if (!contentType.get().charset().map("utf-8"::equalsIgnoreCase).orElse(true)) {
            throw ApiProblem.of(Status.UNSUPPORTED_MEDIA_TYPE_415, "JSON bodies must be UTF-8");
        }
    }
}
