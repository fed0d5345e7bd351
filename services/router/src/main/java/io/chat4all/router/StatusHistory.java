package io.chat4all.router;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.StatusEvent;

/**
 * The per-recipient history of a message's statuses, one entry per status reached. It is the only record of
 * statuses: a recipient's current status is {@link MessageStatus#current} of their entries. ACCEPTED and SENT are
 * written with the message ({@link MessageStore}); the status applier reads and appends the rest.
 */
interface StatusHistory {
    /**
     * The statuses recorded for the recipient, each with its time (ACCEPTED's is when the api accepted the message);
     * empty when the message has no such recipient (or is not stored yet).
     */
    CompletionStage<Map<MessageStatus, Instant>> recorded(UUID messageId, UUID recipientId);

    /** Adds the event's status to the recipient's history. */
    CompletionStage<Void> append(StatusEvent event);
}
