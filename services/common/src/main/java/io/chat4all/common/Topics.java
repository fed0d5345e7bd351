package io.chat4all.common;

/** Kafka topic names, shared by the api, the router and the stack launcher that creates them. */
public final class Topics {
    /** Accepted messages, keyed by conversation id so that a conversation keeps its order. */
    public static final String MESSAGES = "messages";
    /** Records of {@link #MESSAGES} the router could not decode or validate, with the reason in a header. */
    public static final String MESSAGES_DLQ = "messages.dlq";

    private Topics() {
    }
}
