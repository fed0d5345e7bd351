package io.chat4all.router;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.OutboundMessage;
import io.chat4all.kit.telemetry.CapturedContext;
import io.chat4all.kit.telemetry.MessageSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;

/**
 * Stores an accepted message and hands it to its recipients (ADR 0003): the recipients (members but the sender) and
 * their identities are looked up; the message is stored (ADR 0001) with ACCEPTED and SENT for each recipient
 * ({@link MessageStore}); then every recipient with an identity gets an {@link OutboundMessage} on their channel's
 * topic. Recipients without one are served inside Chat4All and need nothing more.
 *
 * <p>Every step is idempotent, so a redelivered record repeats them all (the provider's idempotency on
 * {@code (message_id, to)} absorbs a second outbound record).
 *
 * <p>Each step continues on the Cassandra driver's or Kafka producer's thread, so each brings the caller's trace
 * context and log fields along ({@link CapturedContext}): the queries and the outbound sends stay in the message's
 * trace. The current span gets the recipients, the outbound records and {@code chat4all.outcome=fanned_out}.
 */
final class FanOut {
    static final AttributeKey<Long> RECIPIENTS = AttributeKey.longKey("chat4all.recipients");
    static final AttributeKey<Long> OUTBOUND = AttributeKey.longKey("chat4all.outbound");

    /** The writes of {@link MessageStore#store}: the message with its recipients' ACCEPTED and SENT. */
    @FunctionalInterface
    interface Store {
        CompletionStage<Void> store(MessageEvent event, List<Recipient> recipients, Instant sentAt);
    }

    private final Directory directory;
    private final Store store;
    private final Outbound outbound;
    private final Clock clock;

    FanOut(Directory directory, Store store, Outbound outbound, Clock clock) {
        this.directory = directory;
        this.store = store;
        this.outbound = outbound;
        this.clock = clock;
    }

    /** Completes when the message is stored and every outbound record is acknowledged. */
    CompletionStage<Void> deliver(MessageEvent event) {
        CapturedContext here = CapturedContext.capture();
        return recipients(event, here)
                .thenCompose(here.wrap(recipients -> store.store(event, recipients, clock.instant())
                        .thenCompose(here.wrap(stored -> publish(event, recipients)))));
    }

    private CompletionStage<List<Recipient>> recipients(MessageEvent event, CapturedContext here) {
        return directory.members(event.conversationId()).thenCompose(here.wrap(members -> {
            List<CompletableFuture<Recipient>> lookups = members.stream()
                    .filter(member -> !member.equals(event.senderId()))
                    .map(member -> directory.identity(member)
                            .thenApply(identity -> new Recipient(member, identity)).toCompletableFuture())
                    .toList();
            return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
                    .thenApply(all -> lookups.stream().map(CompletableFuture::join).toList());
        }));
    }

    private CompletionStage<Void> publish(MessageEvent event, List<Recipient> recipients) {
        CompletableFuture<?>[] acks = recipients.stream()
                .flatMap(recipient -> recipient.identity().stream()
                        .map(identity -> outbound.publish(outboundOf(event, recipient.userId(), identity))))
                .map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new);
        Span span = Span.current();
        span.setAttribute(RECIPIENTS, (long) recipients.size());
        span.setAttribute(OUTBOUND, (long) acks.length);
        MessageSpans.outcome("fanned_out");
        return CompletableFuture.allOf(acks);
    }

    /** The message for one recipient's channel, with its file's signed link if it carries one. */
    private static OutboundMessage outboundOf(MessageEvent event, UUID recipientId, Identity identity) {
        return new OutboundMessage(event.messageId(), event.conversationId(), event.senderId(), recipientId,
                identity.channel(), identity.address(), event.text(), event.attachment(), event.acceptedAt());
    }
}
