package io.chat4all.providersim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chat4all.kit.http.Json;
import io.chat4all.kit.telemetry.CapturedContext;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers signed webhooks: POSTs the JSON body with {@code X-Hub-Signature-256}, and tries again with backoff while
 * the receiver is unreachable, times out or answers 5xx, 408 or 429, until {@code give-up-after} has passed. Any other
 * 4xx is the receiver refusing this webhook for good: it is not tried again. Also holds the bound on webhook work in
 * progress ({@link #tryReserve()}).
 *
 * <p>Every attempt, and the outcome's log lines, run under the trace context and log fields of the caller of
 * {@link #deliver}: retries come from the timer's thread and answers on the HTTP client's, which have neither.
 */
final class WebhookSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    private final WebhookDelivery settings;
    private final WebhookSignature signature;
    private final ScheduledExecutorService scheduler;
    private final Semaphore pending;
    private final HttpClient client;

    WebhookSender(WebhookDelivery settings, WebhookSignature signature, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.signature = signature;
        this.scheduler = scheduler;
        this.pending = new Semaphore(settings.maxPending());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .build();
    }

    /** Takes one of the {@code max-pending} places for a webhook (or a chain of them); false when none is free. */
    boolean tryReserve() {
        return pending.tryAcquire();
    }

    void release() {
        pending.release();
    }

    /** Completes with true once the receiver took the webhook (2xx), false when it was given up. Never fails. */
    CompletableFuture<Boolean> deliver(URI url, Object payload, ChannelStats stats) {
        byte[] body = bytes(payload);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, signature.sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        attempt(request, 1, System.nanoTime() + settings.giveUpAfter().toNanos(), stats, result,
                CapturedContext.capture());
        return result;
    }

    /** One POST, made under {@code caller}'s context (the HTTP client's span and traceparent follow it). */
    @SuppressWarnings("try")   // the scope is only closed, never read
    private void attempt(HttpRequest request, int attempt, long deadline, ChannelStats stats,
                         CompletableFuture<Boolean> result, CapturedContext caller) {
        try (Scope ignored = caller.open()) {
            post(request, attempt, deadline, stats, result, caller);
        }
    }

    private void post(HttpRequest request, int attempt, long deadline, ChannelStats stats,
                      CompletableFuture<Boolean> result, CapturedContext caller) {
        CompletableFuture<HttpResponse<Void>> response;
        try {
            response = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException closed) {
            response = CompletableFuture.failedFuture(closed);
        }
        response.whenComplete(caller.wrap((answer, failure) -> {
            int status = answer == null ? 0 : answer.statusCode();
            if (failure == null && status / 100 == 2) {
                stats.webhooksSent.increment();
                LOG.debug("webhook to {} taken (attempt {})", request.uri(), attempt);
                result.complete(true);
                return;
            }
            String outcome = failure == null ? "HTTP " + status : failure.toString();
            if (failure == null && !retryable(status)) {
                giveUp(request, attempt, "refused with " + outcome, stats, result);
                return;
            }
            Duration delay = settings.backoff().delay(attempt, ThreadLocalRandom.current());
            if (System.nanoTime() + delay.toNanos() - deadline > 0) {
                giveUp(request, attempt, "still failing after give-up-after " + settings.giveUpAfter() + ": " + outcome,
                        stats, result);
                return;
            }
            stats.webhookRetries.increment();
            LOG.debug("webhook to {} failed ({}), attempt {}; retrying in {}", request.uri(), outcome, attempt, delay);
            try {
                scheduler.schedule(() -> attempt(request, attempt + 1, deadline, stats, result, caller),
                        delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                result.complete(false);
            }
        }));
    }

    private static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    private static void giveUp(HttpRequest request, int attempts, String why, ChannelStats stats,
                               CompletableFuture<Boolean> result) {
        stats.webhooksFailed.increment();
        LOG.warn("gave up a webhook to {} after {} attempt(s): {}", request.uri(), attempts, why);
        result.complete(false);
    }

    private static byte[] bytes(Object payload) {
        try {
            return Json.MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + payload.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
