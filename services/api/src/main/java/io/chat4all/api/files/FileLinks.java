package io.chat4all.api.files;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;


import io.chat4all.kit.HmacSha256;
import io.chat4all.kit.http.ApiProblem;

/**
 * Signed, expiring download links: {@code <base>/v1/files/{id}/content?expires=<epoch seconds>&signature=<sig>},
 * which work without a token, so a message's recipients (and the platforms that deliver it) can fetch the file.
 *
 * <p>The signature is an HMAC-SHA256 of file id and expiry under a key derived from the server secret (and so
 * different from the key that signs access tokens): nobody without the secret can make or stretch a link, and a link
 * names one file only.
 */
public final class FileLinks {
    private static final byte[] KEY_PURPOSE = "chat4all signed file links, v1".getBytes(StandardCharsets.UTF_8);

    private final HmacSha256 key;
    private final URI base;
    private final Duration ttl;
    private final Clock clock;

    public FileLinks(byte[] serverSecret, URI base, Duration ttl, Clock clock) {
        this.key = new HmacSha256(serverSecret).derive(KEY_PURPOSE);
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A link to the file's content that works until now + ttl. */
    public URI link(UUID fileId) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return URI.create(base + "/v1/files/" + fileId + "/content?expires=" + expires + "&signature="
                + signature(fileId, expires));
    }

    /** Whether the request carries link parameters at all (otherwise it needs a token). */
    static boolean isSigned(Optional<String> expires, Optional<String> signature) {
        return expires.isPresent() || signature.isPresent();
    }

    /** Accepts a link to {@code fileId} that is genuine and unexpired; anything else is a 403. */
    void verify(UUID fileId, Optional<String> expires, Optional<String> signature) {
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires.orElse(""));
        } catch (NumberFormatException e) {
            throw ApiProblem.forbidden("the link is not a valid signed link");
        }
        byte[] expected = signature(fileId, expiresAt).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.orElse("").getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw ApiProblem.forbidden("the link is not a valid signed link");
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(expiresAt))) {
            throw ApiProblem.forbidden("the link expired");
        }
    }

    private String signature(UUID fileId, long expires) {
        byte[] input = (fileId + "\n" + expires).getBytes(StandardCharsets.US_ASCII);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(input));
    }

}
