package io.chat4all.connector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import io.chat4all.kit.HmacSha256;
import io.chat4all.kit.http.UuidText;

/**
 * What the connector gives the provider with each message and gets back with its receipts: the recipient's id and
 * an HMAC of {@code message_id|recipient_id} under the webhook secret ({@code <recipient_id>.<base64url MAC>}). A receipt
 * is then attributed to its recipient without any lookup, and one for a message this connector never sent (an unknown
 * id, forged or altered data) is recognized as such.
 */
final class CallbackData {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final HmacSha256 mac;

    CallbackData(byte[] webhookSecret) {
        this.mac = new HmacSha256(webhookSecret);
    }

    String of(UUID messageId, UUID recipientId) {
        return recipientId + "." + ENCODER.encodeToString(tag(messageId, recipientId));
    }

    /** The recipient named by {@code callbackData}, when it was made by {@link #of} for this message; empty otherwise. */
    Optional<UUID> recipientOf(UUID messageId, String callbackData) {
        int dot = callbackData.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        UUID recipientId = UuidText.parse(callbackData.substring(0, dot));
        if (recipientId == null) {
            return Optional.empty();
        }
        // The encoded tags are compared, not the decoded bytes: the last base64 character of a 32-byte tag carries
        // unused bits, so several spellings decode alike, and only the one this class writes is accepted.
        byte[] given = callbackData.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = ENCODER.encodeToString(tag(messageId, recipientId)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, expected) ? Optional.of(recipientId) : Optional.empty();
    }

    private byte[] tag(UUID messageId, UUID recipientId) {
        return mac.sign((messageId + "|" + recipientId).getBytes(StandardCharsets.UTF_8));
    }
}
