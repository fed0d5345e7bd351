package io.chat4all.common;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON wire format of {@link MessageEvent} on Kafka, and the validation every consumer applies to it.
 *
 * <p>A tolerant reader: fields it does not know are ignored, so a newer api can add one without sending a
 * rolling-upgraded router's records to the dead-letter topic; missing or invalid required fields are still refused.
 */
public final class MessageEventCodec {
    /** Largest message text, in UTF-8 bytes. */
    public static final int MAX_TEXT_BYTES = 10 * 1024;
    /** What a message text must be: the api applies it on accept, every consumer on decode. */
    public static final TextRule TEXT_RULE = TextRule.multiLine(MAX_TEXT_BYTES, TextRule.LengthUnit.UTF8_BYTES);
    /**
     * Accept times outside [1970, 3000) are invalid: storage writes them as microsecond timestamps, and a value
     * far in the future would overflow them, or win every later write of the same cells.
     */
    private static final Instant EARLIEST_ACCEPT = Instant.EPOCH;
    private static final Instant LATEST_ACCEPT = Instant.parse("3000-01-01T00:00:00Z");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private MessageEventCodec() {
    }

    public static byte[] encode(MessageEvent event) {
        try {
            return MAPPER.writeValueAsBytes(Wire.of(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.messageId(), e);
        }
    }

    /** Decodes and validates one record value. */
    public static MessageEvent decode(byte[] value) throws InvalidEventException {
        if (value == null) {
            throw new InvalidEventException("empty record value");
        }
        Wire wire;
        try {
            wire = MAPPER.readValue(value, Wire.class);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("undecodable JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidEventException("unreadable record value: " + e.getMessage(), e);
        }
        return validate(wire);
    }

    private static MessageEvent validate(Wire w) throws InvalidEventException {
        UUID messageId = required(w.messageId, "message_id");
        UUID conversationId = required(w.conversationId, "conversation_id");
        UUID senderId = required(w.senderId, "sender_id");
        UUID seq = required(w.seq, "seq");
        String text = required(w.text, "text");
        Instant acceptedAt = required(w.acceptedAt, "accepted_at");
        if (acceptedAt.isBefore(EARLIEST_ACCEPT) || !acceptedAt.isBefore(LATEST_ACCEPT)) {
            throw new InvalidEventException("accepted_at out of range: " + acceptedAt);
        }
        if (seq.version() != 1) {
            throw new InvalidEventException("seq must be a time-based UUID (version 1)");
        }
        Optional<String> textProblem = TEXT_RULE.problem(text);
        if (textProblem.isPresent()) {
            throw new InvalidEventException("text " + textProblem.get());
        }
        return new MessageEvent(messageId, conversationId, senderId, seq, text, acceptedAt);
    }

    private static <T> T required(T value, String field) throws InvalidEventException {
        if (value == null) {
            throw new InvalidEventException("missing field " + field);
        }
        return value;
    }

    /** The JSON shape, snake_case; kept apart from the domain record so field names are explicit. */
    private record Wire(@JsonProperty("message_id") UUID messageId,
                        @JsonProperty("conversation_id") UUID conversationId,
                        @JsonProperty("sender_id") UUID senderId,
                        @JsonProperty("seq") UUID seq,
                        @JsonProperty("text") String text,
                        @JsonProperty("accepted_at") Instant acceptedAt) {
        static Wire of(MessageEvent e) {
            return new Wire(e.messageId(), e.conversationId(), e.senderId(), e.seq(), e.text(), e.acceptedAt());
        }
    }
}
