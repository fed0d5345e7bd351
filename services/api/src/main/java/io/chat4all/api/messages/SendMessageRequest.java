package io.chat4all.api.messages;

import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.kit.http.RequestFields;
import io.chat4all.contracts.MessageEventCodec;

/**
 * The body of {@code POST /v1/messages}.
 *
 * @param conversationId where the message goes
 * @param text           passes {@link MessageEventCodec#TEXT_RULE}: valid Unicode, no control characters but tab and
 *                       line breaks, not blank, at most {@link MessageEventCodec#MAX_TEXT_BYTES} bytes in UTF-8
 * @param messageId      the client's own id for the message, which makes retries idempotent; any UUID but a version 8
 *                       one, the kind the api derives from an Idempotency-Key
 * @param fileId         a file of the conversation (uploaded with {@code POST /v1/files}) that the message carries
 */
public record SendMessageRequest(UUID conversationId, String text, Optional<UUID> messageId, Optional<UUID> fileId) {

    public SendMessageRequest(UUID conversationId, String text, Optional<UUID> messageId) {
        this(conversationId, text, messageId, Optional.empty());
    }


    public static SendMessageRequest parse(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        UUID conversationId = fields.requiredUuid("conversation_id");
        String text = fields.requiredText("text", MessageEventCodec.TEXT_RULE);
        Optional<UUID> messageId = fields.optionalUuid("message_id");
        if (messageId.filter(IdempotencyKeys::isDerived).isPresent()) {
            fields.reject("message_id", "must not be a version 8 UUID: those are the ids the api derives from Idempotency-Key");
        }
        Optional<UUID> fileId = fields.optionalUuid("file_id");
        fields.throwIfInvalid();
        return new SendMessageRequest(conversationId, text, messageId, fileId);
    }
}
