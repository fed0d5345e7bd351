package io.chat4all.contracts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** JSON wire format of {@link StatusEvent} on Kafka, validated on decode. */
public final class StatusEventCodec {
    /** Longest reason kept, in characters: a provider's error text is cut to this. */
    public static final int MAX_REASON_CHARS = 500;

    private StatusEventCodec() {
    }

    public static byte[] encode(StatusEvent event) {
        return EventJson.write(Wire.of(event));
    }

    public static StatusEvent decode(byte[] value) throws InvalidEventException {
        Wire w = EventJson.read(value, Wire.class);
        String statusName = EventJson.required(w.status, "status");
        MessageStatus status;
        try {
            status = MessageStatus.valueOf(statusName);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("status names no status: " + statusName);
        }
        if (status == MessageStatus.ACCEPTED) {
            throw new InvalidEventException("ACCEPTED is not reported by status events");
        }
        Optional<Channel> channel = w.channel == null ? Optional.empty() : Optional.of(EventJson.channel(w.channel, "channel"));
        Optional<String> reason = Optional.ofNullable(w.reason).map(StatusEventCodec::shortened);
        return new StatusEvent(EventJson.required(w.messageId, "message_id"),
                EventJson.required(w.recipientId, "recipient_id"), status, channel,
                EventJson.storableTime(w.at, "at"), reason);
    }

    /** {@code reason} cut to {@link #MAX_REASON_CHARS}, never splitting a surrogate pair. */
    public static String shortened(String reason) {
        if (reason.length() <= MAX_REASON_CHARS) {
            return reason;
        }
        int end = Character.isHighSurrogate(reason.charAt(MAX_REASON_CHARS - 1)) ? MAX_REASON_CHARS - 1 : MAX_REASON_CHARS;
        return reason.substring(0, end);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Wire(@JsonProperty("message_id") UUID messageId,
                        @JsonProperty("recipient_id") UUID recipientId,
                        @JsonProperty("status") String status,
                        @JsonProperty("channel") String channel,
                        @JsonProperty("at") Instant at,
                        @JsonProperty("reason") String reason) {
        static Wire of(StatusEvent e) {
            return new Wire(e.messageId(), e.recipientId(), e.status().name(),
                    e.channel().map(Channel::wireName).orElse(null), e.at(), e.reason().orElse(null));
        }
    }
}
