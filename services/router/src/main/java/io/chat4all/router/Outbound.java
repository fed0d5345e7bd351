package io.chat4all.router;

import java.util.concurrent.CompletionStage;

import io.chat4all.contracts.OutboundMessage;

/** Hands a message to the connector of its channel. */
interface Outbound {
    /** Completes once Kafka acknowledged it; fails if it could not be sent. */
    CompletionStage<Void> publish(OutboundMessage message);
}
