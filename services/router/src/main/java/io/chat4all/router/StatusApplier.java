package io.chat4all.router;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.chat4all.contracts.InvalidEventException;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.contracts.StatusEventCodec;
import io.chat4all.kit.consumer.RecordHandler;
import io.chat4all.kit.telemetry.CapturedContext;
import io.chat4all.kit.telemetry.LogFields;
import io.chat4all.kit.telemetry.MessageSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>On the attempt's span: the message, the channel, {@code chat4all.outcome} (applied, ignored, recipient_unknown)
 * and a {@code status_change} event (from, to, recipient). A recipient's first delivery is timed from the message's
 * acceptance ({@link DeliveryLatency}).
 */
final class StatusApplier implements RecordHandler<String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(StatusApplier.class);
    static final AttributeKey<String> FROM = AttributeKey.stringKey("chat4all.status.from");
    static final AttributeKey<String> TO = AttributeKey.stringKey("chat4all.status.to");
    static final AttributeKey<String> RECIPIENT = AttributeKey.stringKey("chat4all.recipient.id");

    private final StatusHistory history;
    private final int unknownRecipientAttempts;
    private final DeliveryLatency latency;

    StatusApplier(StatusHistory history, int unknownRecipientAttempts, DeliveryLatency latency) {
        if (unknownRecipientAttempts < 1) {
            throw new IllegalArgumentException("unknown-recipient-attempts must be at least 1");
        }
        this.history = history;
        this.unknownRecipientAttempts = unknownRecipientAttempts;
        this.latency = latency;
    }

    @Override
    public Handling read(ConsumerRecord<String, byte[]> record) throws InvalidEventException {
        StatusEvent event = StatusEventCodec.decode(record.value());
        return new Handling(LogFields.message(event.messageId(), null), attempt -> handle(event, attempt));
    }

    private CompletionStage<Void> handle(StatusEvent event, int attempt) {
        MessageSpans.message(event.messageId(), null);
        event.channel().ifPresent(channel -> MessageSpans.channel(channel.wireName()));
        Span.current().setAttribute(RECIPIENT, event.recipientId().toString());
        // The driver completes the read on its own thread: the rest must still count in this trace and log.
        CapturedContext here = CapturedContext.capture();
        return history.recorded(event.messageId(), event.recipientId())
                .thenCompose(here.wrap(recorded -> apply(event, recorded, attempt, here)));
    }

    private CompletionStage<Void> apply(StatusEvent event, Map<MessageStatus, Instant> recorded, int attempt,
                                        CapturedContext here) {
        Optional<MessageStatus> current = MessageStatus.current(recorded.keySet());
        if (current.isEmpty()) {
            MessageSpans.outcome("recipient_unknown");
            return CompletableFuture.failedFuture(attempt < unknownRecipientAttempts
                    ? new RecipientNotKnownYet(event.messageId(), event.recipientId(), attempt)
                    : new UnknownRecipient(event.messageId(), event.recipientId(), attempt));
        }
        if (!current.get().canMoveTo(event.status())) {
            MessageSpans.outcome("ignored");
            LOG.debug("status {} of message {} for {} ignored: it is at {}", event.status(), event.messageId(),
                    event.recipientId(), current.get());
            return CompletableFuture.completedFuture(null);
        }
        LOG.debug("message {} for {}: {} -> {}", event.messageId(), event.recipientId(), current.get(), event.status());
        Span.current().addEvent("status_change", Attributes.of(FROM, current.get().name(), TO, event.status().name(),
                RECIPIENT, event.recipientId().toString()));
        return history.append(event).thenApply(here.wrap(appended -> {
            MessageSpans.outcome("applied");
            if (isFirstDelivery(event.status(), recorded) && recorded.containsKey(MessageStatus.ACCEPTED)) {
                latency.delivered(event.channel(), recorded.get(MessageStatus.ACCEPTED), event.at());
            }
            return null;
        }));
    }

    /** DELIVERED, or READ with no DELIVERED before it: the recipient has the message for the first time. */
    private static boolean isFirstDelivery(MessageStatus status, Map<MessageStatus, Instant> recorded) {
        return (status == MessageStatus.DELIVERED || status == MessageStatus.READ)
                && !recorded.containsKey(MessageStatus.DELIVERED) && !recorded.containsKey(MessageStatus.READ);
    }
}
