package io.chat4all.contracts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * JSON wire format of {@link MessageEvent} on Kafka, and the validation every consumer applies to it.
 *
 * <p>A tolerant reader: fields it does not know are ignored, so a newer api can add one without sending a
 * rolling-upgraded router's records to the dead-letter topic; missing or invalid required fields are still refused.
 * The attachment is optional: a record without one (as every older api wrote) is a message without a file.
 */
public final class MessageEventCodec {
    /** Largest message text, in UTF-8 bytes. */
    public static final int MAX_TEXT_BYTES = 10 * 1024;
    /** What a message text must be: the api applies it on accept, every consumer on decode. */
    public static final TextRule TEXT_RULE = TextRule.multiLine(MAX_TEXT_BYTES, TextRule.LengthUnit.UTF8_BYTES);

    private MessageEventCodec() {
    }

    public static byte[] encode(MessageEvent event) {
        return EventJson.write(Wire.of(event));
    }

    /** Decodes and validates one record value. */
    public static MessageEvent decode(byte[] value) throws InvalidEventException {
        return validate(EventJson.read(value, Wire.class));
    }

    private static MessageEvent validate(Wire w) throws InvalidEventException {
        UUID messageId = EventJson.required(w.messageId, "message_id");
        UUID conversationId = EventJson.required(w.conversationId, "conversation_id");
        UUID senderId = EventJson.required(w.senderId, "sender_id");
        UUID seq = EventJson.required(w.seq, "seq");
        String text = EventJson.required(w.text, "text");
        Instant acceptedAt = EventJson.storableTime(w.acceptedAt, "accepted_at");
        if (seq.version() != 1) {
            throw new InvalidEventException("seq must be a time-based UUID (version 1)");
        }
        Optional<String> textProblem = TEXT_RULE.problem(text);
        if (textProblem.isPresent()) {
            throw new InvalidEventException("text " + textProblem.get());
        }
        Optional<Attachment> attachment = w.attachment == null ? Optional.empty() : Optional.of(w.attachment.attachment());
        return new MessageEvent(messageId, conversationId, senderId, seq, text, acceptedAt, attachment);
    }

    /** The JSON shape, snake_case; kept apart from the domain record so field names are explicit. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Wire(@JsonProperty("message_id") UUID messageId,
                        @JsonProperty("conversation_id") UUID conversationId,
                        @JsonProperty("sender_id") UUID senderId,
                        @JsonProperty("seq") UUID seq,
                        @JsonProperty("text") String text,
                        @JsonProperty("accepted_at") Instant acceptedAt,
                        @JsonProperty("attachment") AttachmentWire attachment) {
        static Wire of(MessageEvent e) {
            return new Wire(e.messageId(), e.conversationId(), e.senderId(), e.seq(), e.text(), e.acceptedAt(),
                    e.attachment().map(AttachmentWire::of).orElse(null));
        }
    }
}
