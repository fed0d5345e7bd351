package io.chat4all.contracts;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;

/** JSON wire format of {@link InboundMessage} on Kafka, validated on decode. */
public final class InboundMessageCodec {
    /** Longest provider message id accepted. */
    public static final int MAX_PROVIDER_ID_CHARS = 200;
    /** What the addressed username must be (the api decides whether such a user exists). */
    public static final TextRule USERNAME_RULE = TextRule.singleLine(255, TextRule.LengthUnit.CODE_POINTS);

    private InboundMessageCodec() {
    }

    public static byte[] encode(InboundMessage message) {
        return EventJson.write(new Wire(message.channel().wireName(), message.providerMessageId(), message.from(),
                message.toUser(), message.text(), message.receivedAt()));
    }

    public static InboundMessage decode(byte[] value) throws InvalidEventException {
        Wire w = EventJson.read(value, Wire.class);
        Channel channel = EventJson.channel(w.channel, "channel");
        String id = EventJson.required(w.providerMessageId, "provider_message_id");
        if (id.isBlank() || id.length() > MAX_PROVIDER_ID_CHARS) {
            throw new InvalidEventException("provider_message_id must have 1 to " + MAX_PROVIDER_ID_CHARS + " characters");
        }
        String from = address(channel, w.from, "from");
        String toUser = EventJson.required(w.toUser, "to_user");
        Optional<String> userProblem = USERNAME_RULE.problem(toUser);
        if (userProblem.isPresent()) {
            throw new InvalidEventException("to_user " + userProblem.get());
        }
        String text = EventJson.required(w.text, "text");
        Optional<String> textProblem = MessageEventCodec.TEXT_RULE.problem(text);
        if (textProblem.isPresent()) {
            throw new InvalidEventException("text " + textProblem.get());
        }
        return new InboundMessage(channel, id, from, toUser, text, EventJson.storableTime(w.receivedAt, "received_at"));
    }

    private static String address(Channel channel, String value, String field) throws InvalidEventException {
        return channel.canonicalAddress(EventJson.required(value, field))
                .orElseThrow(() -> new InvalidEventException(field + " is not " + channel.addressShape()));
    }

    private record Wire(@JsonProperty("channel") String channel,
                        @JsonProperty("provider_message_id") String providerMessageId,
                        @JsonProperty("from") String from,
                        @JsonProperty("to_user") String toUser,
                        @JsonProperty("text") String text,
                        @JsonProperty("received_at") Instant receivedAt) {
    }
}
