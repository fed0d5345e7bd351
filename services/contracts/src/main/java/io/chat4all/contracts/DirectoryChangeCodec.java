package io.chat4all.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * JSON wire format of {@link DirectoryChange} on {@code messages}. Such a record carries the header {@link #HEADER}
 * with the value {@link #KIND}, which tells it from a message; a record without it is a {@link MessageEvent}.
 * (A router older than this contract takes it for a malformed message and dead-letters it, which loses nothing: it
 * remembers no directory.)
 */
public final class DirectoryChangeCodec {
    /** The record header that names what a record on {@code messages} is, when it is not a message. */
    public static final String HEADER = "chat4all-record";
    /** {@link #HEADER}'s value on a directory change. */
    public static final String KIND = "directory-change";
    private static final byte[] KIND_BYTES = KIND.getBytes(StandardCharsets.UTF_8);

    private DirectoryChangeCodec() {
    }

    public static byte[] encode(DirectoryChange change) {
        return EventJson.write(new Wire(change.conversationId(), change.userId()));
    }

    /** Decodes and validates one record value. */
    public static DirectoryChange decode(byte[] value) throws InvalidEventException {
        Wire w = EventJson.read(value, Wire.class);
        return new DirectoryChange(EventJson.required(w.conversationId, "conversation_id"),
                EventJson.required(w.userId, "user_id"));
    }

    /** Whether a header value (null when the record has no {@link #HEADER}) marks a directory change. */
    public static boolean isKind(byte[] headerValue) {
        return headerValue != null && Arrays.equals(headerValue, KIND_BYTES);
    }

    private record Wire(@JsonProperty("conversation_id") UUID conversationId, @JsonProperty("user_id") UUID userId) {
    }
}
