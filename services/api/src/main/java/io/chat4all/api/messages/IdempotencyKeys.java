package io.chat4all.api.messages;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;


import io.chat4all.kit.HmacSha256;
import io.chat4all.kit.http.ApiProblem;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

/**
 * The {@code Idempotency-Key} request header (1 to 128 printable ASCII characters, scoped to its sender), and the
 * message id each key stands for.
 *
 * <p>That id is an HMAC-SHA256 of sender and key, under a key derived from the server secret: the same sender and key
 * always give the same id, and without the secret nobody can tell which id another user's key will give, so nobody can
 * claim it first. Derived ids are UUIDs of version 8 (RFC 9562's custom version), which no client-chosen
 * {@code message_id} may be: the two kinds of id never meet.
 */
public final class IdempotencyKeys {
    public static final String HEADER = "Idempotency-Key";
    public static final HeaderName HEADER_NAME = HeaderNames.create(HEADER);
    static final int DERIVED_ID_VERSION = 8;
    private static final Pattern VALID = Pattern.compile("[\\x20-\\x7E]{1,128}");
    /** Names what the derived key is for, so it differs from the secret itself, which signs the access tokens. */
    private static final byte[] KEY_PURPOSE =
            "chat4all message ids from Idempotency-Key, v1".getBytes(StandardCharsets.UTF_8);

    private final HmacSha256 idKey;

    /** @param serverSecret {@code auth.secret}, from which the key of derived ids is derived */
    public IdempotencyKeys(byte[] serverSecret) {
        this.idKey = new HmacSha256(serverSecret).derive(KEY_PURPOSE);
    }

    /** The key, if the header was sent; a malformed key is a 400. */
    public static Optional<String> validate(Optional<String> header) {
        if (header.isPresent() && (header.get().isBlank() || !VALID.matcher(header.get()).matches())) {
            throw ApiProblem.invalidField(HEADER, "must be 1 to 128 printable ASCII characters");
        }
        return header;
    }

    /** Whether the id is of the kind derived from an Idempotency-Key (version 8), which no client may choose. */
    static boolean isDerived(UUID messageId) {
        return messageId.version() == DERIVED_ID_VERSION;
    }

    /** The message id a key stands for: the same sender and key always give the same id, other senders another. */
    public UUID messageId(UUID senderId, String key) {
        // The sender id has a fixed length, so no two (sender, key) pairs give the same input.
        byte[] input = ByteBuffer.allocate(16 + key.length())
                .putLong(senderId.getMostSignificantBits())
                .putLong(senderId.getLeastSignificantBits())
                .put(key.getBytes(StandardCharsets.US_ASCII))
                .array();
        ByteBuffer digest = ByteBuffer.wrap(idKey.sign(input));
        long high = (digest.getLong() & ~0xF000L) | ((long) DERIVED_ID_VERSION << 12);
        long low = (digest.getLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // the RFC 9562 variant
        return new UUID(high, low);
    }

}
