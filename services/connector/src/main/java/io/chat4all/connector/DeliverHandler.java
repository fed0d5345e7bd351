package io.chat4all.connector;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import io.chat4all.connector.ConnectorMetrics.Outcome;
import io.chat4all.contracts.Attachment;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.InvalidEventException;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.OutboundMessage;
import io.chat4all.contracts.OutboundMessageCodec;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.contracts.StatusEventCodec;
import io.chat4all.kit.consumer.RecordHandler;
import io.chat4all.kit.telemetry.LogFields;
import io.chat4all.kit.telemetry.MessageSpans;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the connector does with one record of {@code outbound.<channel>}: send the message to the provider, once.
 * Runs on a virtual thread of the consumer engine, so it blocks freely.
 *
 * <ul>
 *   <li>Accepted (or a duplicate the provider already had): done, the record is committed.</li>
 *   <li>Rejected (400, 422): FAILED with the provider's detail, then {@link ProviderRejectedException}, which the
 *       engine dead-letters at once (the connector's classifier calls it invalid).</li>
 *   <li>Unavailable: PENDING the first time, then {@link ProviderUnavailableException}, which the engine retries
 *       with backoff for as long as it takes; once the message has waited {@code give-up-after} since it was
 *       accepted, FAILED and {@link DeliveryExpiredException}, dead-lettered at once.</li>
 * </ul>
 * A status event that cannot be published fails the attempt (the engine retries it; the provider's idempotency makes
 * the repeated send harmless, and the router ignores repeated statuses).
 *
 * <p>The attempt's span (the consumer engine's) gets the message, the channel and {@code chat4all.outcome}, the
 * {@link Outcome} of the send; the provider call nests under it.
 */
final class DeliverHandler implements RecordHandler<String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverHandler.class);

    private final Channel channel;
    private final ProviderClient provider;
    private final CallbackData callbacks;
    private final EventPublisher events;
    private final StoreAndForward waiting;
    private final ConnectorMetrics metrics;
    private final Duration giveUpAfter;
    private final Clock clock;

    DeliverHandler(Channel channel, ProviderClient provider, CallbackData callbacks, EventPublisher events,
                   StoreAndForward waiting, ConnectorMetrics metrics, Duration giveUpAfter, Clock clock) {
        this.channel = channel;
        this.provider = provider;
        this.callbacks = callbacks;
        this.events = events;
        this.waiting = waiting;
        this.metrics = metrics;
        this.giveUpAfter = giveUpAfter;
        this.clock = clock;
    }

    @Override
    public Handling read(ConsumerRecord<String, byte[]> record) throws InvalidEventException {
        OutboundMessage message = OutboundMessageCodec.decode(record.value());
        return new Handling(LogFields.message(message.messageId(), message.conversationId()),
                attempt -> handle(message, attempt));
    }

    private CompletionStage<Void> handle(OutboundMessage message, int attempt) throws Exception {
        MessageSpans.message(message.messageId(), message.conversationId());
        MessageSpans.channel(channel.wireName());
        if (message.channel() != channel) {
            throw new InvalidEventException("a " + message.channel().wireName() + " message on the "
                    + channel.wireName() + " topic");
        }
        deliver(message, attempt);
        return CompletableFuture.completedFuture(null);
    }

    private void deliver(OutboundMessage message, int attempt) throws Exception {
        ProviderAnswer answer;
        try {
            answer = provider.send(requestOf(message));
        } catch (ProviderRejectedException rejected) {
            sent(Outcome.REJECTED);
            fail(message, rejected.detail());
            throw rejected;
        } catch (ProviderUnavailableException unavailable) {
            Duration waited = Duration.between(message.acceptedAt(), clock.instant());
            if (waited.compareTo(giveUpAfter) > 0) {
                sent(Outcome.EXPIRED);
                String reason = "gave up after waiting " + giveUpAfter + " for the provider; last: "
                        + unavailable.getMessage();
                fail(message, reason);
                throw new DeliveryExpiredException(reason);
            }
            sent(Outcome.UNAVAILABLE);
            markPending(message, unavailable.getMessage());
            throw unavailable;
        }
        waiting.ended(message.messageId(), message.recipientId());
        sent(answer.duplicate() ? Outcome.DUPLICATE : Outcome.ACCEPTED);
        LOG.debug("sent message {} to {} via {} (provider id {}{}, attempt {})", message.messageId(),
                message.recipientId(), channel.wireName(), answer.providerMessageId(),
                answer.duplicate() ? ", duplicate" : "", attempt);
    }

    /** Counts the attempt's outcome and names it on the attempt's span. */
    private void sent(Outcome outcome) {
        metrics.sent(outcome);
        MessageSpans.outcome(outcome.label());
    }

    private ProviderRequest requestOf(OutboundMessage message) {
        return new ProviderRequest(message.messageId(), message.address(), message.text(),
                message.attachment().map(Attachment::url).orElse(null),
                callbacks.of(message.messageId(), message.recipientId()));
    }

    /**
     * PENDING, once per message while it waits. A failed publish only costs the mark: the message is still unavailable
     * (retried as such), and the next attempt publishes PENDING again.
     */
    private void markPending(OutboundMessage message, String reason) {
        if (!waiting.startWaiting(message.messageId(), message.recipientId())) {
            return;
        }
        LOG.info("message {} waits for the provider (PENDING): {}", message.messageId(), reason);
        try {
            events.status(statusOf(message, MessageStatus.PENDING, reason)).get();
        } catch (ExecutionException | RuntimeException e) {
            waiting.forget(message.messageId(), message.recipientId());
            LOG.warn("PENDING of message {} not published, tried again on its next attempt: {}", message.messageId(),
                    e.getCause() != null ? e.getCause().toString() : e.toString());
        } catch (InterruptedException e) {
            waiting.forget(message.messageId(), message.recipientId());
            Thread.currentThread().interrupt();
        }
    }

    private void fail(OutboundMessage message, String reason) throws ExecutionException, InterruptedException {
        LOG.warn("message {} to {} FAILED: {}", message.messageId(), message.recipientId(), reason);
        events.status(statusOf(message, MessageStatus.FAILED, reason)).get();
        waiting.ended(message.messageId(), message.recipientId());
    }

    private StatusEvent statusOf(OutboundMessage message, MessageStatus status, String reason) {
        return new StatusEvent(message.messageId(), message.recipientId(), status, Optional.of(channel),
                clock.instant(), Optional.of(StatusEventCodec.shortened(reason)));
    }
}
