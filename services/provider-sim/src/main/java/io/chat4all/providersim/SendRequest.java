package io.chat4all.providersim;

import java.net.URI;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.MessageEventCodec;
import io.chat4all.contracts.TextRule;
import io.chat4all.kit.http.RequestFields;

/**
 * A valid body of {@code POST /v1/{channel}/messages}.
 *
 * @param messageId    the sender's id of the message: with {@code to}, the idempotency key
 * @param to           the recipient's address, canonical (handles lower-cased)
 * @param text         the text
 * @param mediaUrl     an attached file's absolute http(s) URL, if any
 * @param callbackData opaque data echoed in the message's receipts, or null
 */
record SendRequest(String messageId, String to, String text, Optional<URI> mediaUrl, String callbackData) {
    static final TextRule MESSAGE_ID_RULE = TextRule.singleLine(128, TextRule.LengthUnit.CODE_POINTS);
    static final TextRule CALLBACK_DATA_RULE = TextRule.singleLine(1024, TextRule.LengthUnit.UTF8_BYTES);

    /** The request in {@code body}, or a 400 naming every field in error. */
    static SendRequest parse(Channel channel, JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        String messageId = fields.requiredText("message_id", MESSAGE_ID_RULE);
        String to = Addresses.required(fields, channel, "to");
        String text = fields.requiredText("text", MessageEventCodec.TEXT_RULE);
        Optional<URI> mediaUrl = fields.optionalText("media_url").flatMap(url -> httpUrl(fields, url));
        String callbackData = fields.optionalText("callback_data").orElse(null);
        if (callbackData != null) {
            CALLBACK_DATA_RULE.problem(callbackData).ifPresent(problem -> fields.reject("callback_data", problem));
        }
        fields.throwIfInvalid();
        return new SendRequest(messageId, to, text, mediaUrl, callbackData);
    }

    private static Optional<URI> httpUrl(RequestFields fields, String text) {
        try {
            URI url = new URI(text);
            if (url.isAbsolute() && url.getHost() != null
                    && ("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
                return Optional.of(url);
            }
        } catch (java.net.URISyntaxException notAUri) {
            // reported below
        }
        fields.reject("media_url", "must be an absolute http or https URL");
        return Optional.empty();
    }
}
