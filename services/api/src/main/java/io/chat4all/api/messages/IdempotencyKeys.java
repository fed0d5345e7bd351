package io.chat4all.api.messages;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.chat4all.api.http.ApiProblem;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

/** The {@code Idempotency-Key} request header: 1 to 128 printable ASCII characters, scoped to its sender. */
public final class IdempotencyKeys {
    public static final String HEADER = "Idempotency-Key";
    public static final HeaderName HEADER_NAME = HeaderNames.create(HEADER);
    private static final Pattern VALID = Pattern.compile("[\\x20-\\x7E]{1,128}");

    private IdempotencyKeys() {
    }

    /** The key, if the header was sent; a malformed key is a 400. */
    public static Optional<String> validate(Optional<String> header) {
        if (header.isPresent() && (header.get().isBlank() || !VALID.matcher(header.get()).matches())) {
            throw ApiProblem.invalidField(HEADER, "must be 1 to 128 printable ASCII characters");
        }
        return header;
    }

    /** The message id a key stands for: the same sender and key always give the same id, other senders another. */
    public static UUID messageId(UUID senderId, String key) {
        return UUID.nameUUIDFromBytes((senderId + ":" + key).getBytes(StandardCharsets.UTF_8));
    }
}
