package io.chat4all.router;

import java.util.concurrent.CompletionStage;

import io.chat4all.contracts.MessageEvent;

/** Puts a message into the normal flow, on {@code messages}, as the api does for the messages it accepts. */
interface MessageFlow {
    /** Completes once Kafka acknowledged it; fails if it could not be sent. */
    CompletionStage<Void> publish(MessageEvent event);
}
