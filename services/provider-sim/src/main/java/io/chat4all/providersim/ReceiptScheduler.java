package io.chat4all.providersim;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.chat4all.kit.telemetry.CapturedContext;

/**
 * Reports what happens to sent messages: {@code delivered} after the channel's delivered delay (with its delivered
 * probability), then, only once that webhook was taken, {@code read} after the read delay (with the read probability).
 * So a message's receipts arrive in order. Both chances are drawn at send time. A message whose receipts cannot get
 * a place among {@code max-pending} gets none.
 *
 * <p>Receipts go out later, from the timer's thread: each is sent under the trace context and log fields of the send
 * that caused it ({@link CapturedContext}), so the HTTP client's span (and the {@code traceparent} it sends) continues
 * the message's trace into the connector that receives the webhook.
 */
final class ReceiptScheduler {
    private final WebhookSender sender;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    ReceiptScheduler(WebhookSender sender, ScheduledExecutorService scheduler, Clock clock) {
        this.sender = sender;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** A message was just sent to {@code record}'s recipient under {@code providerMessageId}. */
    void afterSend(SimulatedChannel channel, RecipientRecord record, SendRequest send, String providerMessageId) {
        ReceiptSettings settings = channel.receipts();
        boolean delivered = channel.chance(settings.deliveredProbability());
        boolean read = delivered && channel.chance(settings.readProbability());
        if (!delivered) {
            return;
        }
        if (!sender.tryReserve()) {
            channel.stats().webhooksDropped.increment();
            return;
        }
        CapturedContext ofSend = CapturedContext.capture();
        receipt(channel, record, send, providerMessageId, "delivered", settings.deliveredDelayMs(), ofSend)
                .thenCompose(ofSend.wrap(taken -> taken && read
                        ? receipt(channel, record, send, providerMessageId, "read", settings.readDelayMs(), ofSend)
                        : CompletableFuture.completedFuture(false)))
                .whenComplete((ignored, failure) -> sender.release());
    }

    /** After {@code delayMs}, delivers one receipt; true once the receiver took it (and it is in the record). */
    private CompletableFuture<Boolean> receipt(SimulatedChannel channel, RecipientRecord record, SendRequest send,
                                               String providerMessageId, String type, long delayMs,
                                               CapturedContext ofSend) {
        return after(delayMs).thenCompose(ofSend.wrap(ignored -> {
            Webhooks.Receipt receipt = new Webhooks.Receipt(type, send.messageId(), send.to(), providerMessageId,
                    send.callbackData(), clock.instant());
            return sender.deliver(channel.webhook(), receipt, channel.stats()).thenApply(taken -> {
                if (taken) {
                    record.addStatus(type, receipt.at());
                }
                return taken;
            });
        }));
    }

    private CompletableFuture<Void> after(long delayMs) {
        CompletableFuture<Void> due = new CompletableFuture<>();
        try {
            scheduler.schedule(() -> due.complete(null), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            due.completeExceptionally(stopping);
        }
        return due;
    }
}
