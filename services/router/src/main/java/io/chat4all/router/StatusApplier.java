package io.chat4all.router;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.chat4all.contracts.InvalidEventException;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.contracts.StatusEventCodec;
import io.chat4all.kit.consumer.RecordHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies one record of {@code status} (ADR 0003): the one place statuses are written. It reads the recipient's
 * recorded statuses, and appends the event's status only if {@link MessageStatus#canMoveTo} allows it, so a duplicate,
 * late or backward event changes nothing. The topic is keyed by message id, so one message's events are applied in
 * order by one router: no lock is needed.
 *
 * <p>A recipient with nothing recorded may only be late: the event can overtake the fan-out of its message. That is
 * retried as transient until {@code unknownRecipientAttempts} attempts were made (about 11 s with the default
 * backoff and 8 attempts), then the record is dead-lettered ({@link UnknownRecipient}). Undecodable records
 * ({@link InvalidEventException}) are dead-lettered at once.
 */
final class StatusApplier implements RecordHandler<String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(StatusApplier.class);
    private static final String MESSAGE_ID = "message_id";

    private final StatusHistory history;
    private final int unknownRecipientAttempts;

    StatusApplier(StatusHistory history, int unknownRecipientAttempts) {
        if (unknownRecipientAttempts < 1) {
            throw new IllegalArgumentException("unknown-recipient-attempts must be at least 1");
        }
        this.history = history;
        this.unknownRecipientAttempts = unknownRecipientAttempts;
    }

    @Override
    public CompletionStage<Void> handle(ConsumerRecord<String, byte[]> record, int attempt) throws InvalidEventException {
        StatusEvent event = StatusEventCodec.decode(record.value());
        MDC.put(MESSAGE_ID, event.messageId().toString());
        try {
            return history.recorded(event.messageId(), event.recipientId())
                    .thenCompose(recorded -> apply(event, MessageStatus.current(recorded), attempt));
        } finally {
            MDC.remove(MESSAGE_ID);
        }
    }

    private CompletionStage<Void> apply(StatusEvent event, Optional<MessageStatus> current, int attempt) {
        if (current.isEmpty()) {
            return CompletableFuture.failedFuture(attempt < unknownRecipientAttempts
                    ? new RecipientNotKnownYet(event.messageId(), event.recipientId(), attempt)
                    : new UnknownRecipient(event.messageId(), event.recipientId(), attempt));
        }
        if (!current.get().canMoveTo(event.status())) {
            LOG.debug("status {} of message {} for {} ignored: it is at {}", event.status(), event.messageId(),
                    event.recipientId(), current.get());
            return CompletableFuture.completedFuture(null);
        }
        LOG.info("message {} for {}: {} -> {}", event.messageId(), event.recipientId(), current.get(), event.status());
        return history.append(event);
    }
}
