package io.chat4all.kit.http;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Page cursors: the time-based UUID of the last item of a page, as opaque base64url text. A position rather than an
 * offset, so items arriving while a client pages never shift its pages.
 */
public final class Cursors {
    private static final int UUID_BYTES = 16;

    private Cursors() {
    }

    public static String encode(UUID position) {
        ByteBuffer bytes = ByteBuffer.allocate(UUID_BYTES)
                .putLong(position.getMostSignificantBits())
                .putLong(position.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The position, or empty when the text is not a cursor this api handed out. */
    public static Optional<UUID> decode(String cursor) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (bytes.length != UUID_BYTES) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        UUID position = new UUID(buffer.getLong(), buffer.getLong());
        return position.version() == 1 ? Optional.of(position) : Optional.empty();
    }
}
