package io.chat4all.connector;

import java.net.URI;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of {@code POST /v1/{channel}/messages} (snake_case on the wire). The provider is idempotent on
 * {@code (message_id, to)}, so sending it again never sends the message twice.
 *
 * @param mediaUrl     where the provider fetches the attachment, if the message has one
 * @param callbackData echoed by the provider in its receipts ({@link CallbackData})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ProviderRequest(UUID messageId, String to, String text, URI mediaUrl, String callbackData) {
}
