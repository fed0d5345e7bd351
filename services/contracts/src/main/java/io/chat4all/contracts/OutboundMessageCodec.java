package io.chat4all.contracts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** JSON wire format of {@link OutboundMessage} on Kafka, validated on decode. */
public final class OutboundMessageCodec {
    private OutboundMessageCodec() {
    }

    public static byte[] encode(OutboundMessage message) {
        return EventJson.write(Wire.of(message));
    }

    public static OutboundMessage decode(byte[] value) throws InvalidEventException {
        Wire w = EventJson.read(value, Wire.class);
        Channel channel = EventJson.channel(w.channel, "channel");
        String address = channel.canonicalAddress(EventJson.required(w.address, "address"))
                .orElseThrow(() -> new InvalidEventException("address is not " + channel.addressShape()));
        String text = EventJson.required(w.text, "text");
        Optional<String> textProblem = MessageEventCodec.TEXT_RULE.problem(text);
        if (textProblem.isPresent()) {
            throw new InvalidEventException("text " + textProblem.get());
        }
        Optional<Attachment> attachment = w.attachment == null ? Optional.empty() : Optional.of(w.attachment.attachment());
        return new OutboundMessage(EventJson.required(w.messageId, "message_id"),
                EventJson.required(w.conversationId, "conversation_id"), EventJson.required(w.senderId, "sender_id"),
                EventJson.required(w.recipientId, "recipient_id"), channel, address, text, attachment,
                EventJson.storableTime(w.acceptedAt, "accepted_at"));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Wire(@JsonProperty("message_id") UUID messageId,
                        @JsonProperty("conversation_id") UUID conversationId,
                        @JsonProperty("sender_id") UUID senderId,
                        @JsonProperty("recipient_id") UUID recipientId,
                        @JsonProperty("channel") String channel,
                        @JsonProperty("address") String address,
                        @JsonProperty("text") String text,
                        @JsonProperty("attachment") AttachmentWire attachment,
                        @JsonProperty("accepted_at") Instant acceptedAt) {
        static Wire of(OutboundMessage m) {
            return new Wire(m.messageId(), m.conversationId(), m.senderId(), m.recipientId(), m.channel().wireName(),
                    m.address(), m.text(), m.attachment().map(AttachmentWire::of).orElse(null), m.acceptedAt());
        }
    }
}
