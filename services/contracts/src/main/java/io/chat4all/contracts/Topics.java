package io.chat4all.contracts;

import java.util.ArrayList;
import java.util.List;

/** Every Kafka topic of the system: the services produce and consume these, the launcher creates them. */
public final class Topics {
    /** Accepted messages, keyed by conversation id so that a conversation keeps its order. */
    public static final Topic MESSAGES = new Topic("messages", 6);
    /** Records of {@link #MESSAGES} the router could not decode or store, with the reason in a header. */
    public static final Topic MESSAGES_DLQ = new Topic("messages.dlq", 1);
    /**
     * Per-recipient status changes ({@link StatusEvent}), keyed by message id: one message's changes are applied in
     * order by one router, so the forward-only rule needs no lock.
     */
    public static final Topic STATUS = new Topic("status", 6);
    /** Records of {@link #STATUS} that could not be applied. */
    public static final Topic STATUS_DLQ = new Topic("status.dlq", 1);
    /**
     * Deliveries that failed for good (permanent rejection or retries exhausted), with the reason in a header; one
     * for every channel. The outbound topics themselves are {@link Channel#outboundTopic()}.
     */
    public static final Topic OUTBOUND_DLQ = new Topic("outbound.dlq", 1);
    /** Messages from platform users ({@link InboundMessage}), keyed by the sender's platform address. */
    public static final Topic INBOUND = new Topic("inbound", 6);
    /** Records of {@link #INBOUND} that could not enter the message flow. */
    public static final Topic INBOUND_DLQ = new Topic("inbound.dlq", 1);

    private Topics() {
    }

    /** All of them, outbound topics included, in creation order. */
    public static List<Topic> all() {
        List<Topic> all = new ArrayList<>(List.of(MESSAGES, MESSAGES_DLQ, STATUS, STATUS_DLQ));
        for (Channel channel : Channel.values()) {
            all.add(channel.outboundTopic());
        }
        all.addAll(List.of(OUTBOUND_DLQ, INBOUND, INBOUND_DLQ));
        return List.copyOf(all);
    }
}
