package io.chat4all.providersim;

import java.util.HexFormat;

import io.chat4all.kit.HmacSha256;


/**
 * The {@code X-Hub-Signature-256} header of a webhook, as Meta's platforms send it: {@code sha256=} and the lower-case
 * hex HMAC-SHA256 of the exact body bytes under the shared webhook secret.
 */
final class WebhookSignature {
    static final String HEADER = "X-Hub-Signature-256";

    private final HmacSha256 mac;

    WebhookSignature(byte[] secret) {
        this.mac = new HmacSha256(secret);
    }

    String sign(byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(mac.sign(body));
    }
}
