package io.chat4all.connector;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

import io.chat4all.kit.HmacSha256;

/**
 * Checks {@code X-Hub-Signature-256: sha256=<hex>}: the HMAC-SHA256 of the raw request body under the webhook secret,
 * as the provider signs every webhook. Compared in constant time.
 */
final class WebhookSignature {
    static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private final HmacSha256 mac;

    WebhookSignature(byte[] webhookSecret) {
        this.mac = new HmacSha256(webhookSecret);
    }

    /** The header value that signs {@code body}. */
    String sign(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac.sign(body));
    }

    /** Whether {@code header} (absent when not sent) is a valid signature of {@code body}. */
    boolean matches(Optional<String> header, byte[] body) {
        if (header.isEmpty() || !header.get().regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.get().substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(given, mac.sign(body));
    }
}
