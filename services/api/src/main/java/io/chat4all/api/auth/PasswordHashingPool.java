package io.chat4all.api.auth;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.chat4all.kit.http.ApiProblem;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.helidon.config.Config;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * Where bcrypt runs: a few platform threads and a short queue. bcrypt is pure CPU for tens of milliseconds; on a
 * request's virtual thread it would hold one of the few carrier threads all that time and stall every other request,
 * health included. When threads and queue are taken the answer is a 503 at once, so a flood of logins costs a bounded
 * share of the machine and nobody waits behind an unbounded queue.
 */
public final class PasswordHashingPool implements AutoCloseable {
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final ThreadPoolBulkhead bulkhead;
    private final LongCounter rejected;

    /**
     * The {@code auth.password-hashing} config node.
     *
     * @param threads bcrypt runs at once ({@code threads}; default half the processors, at least 1)
     * @param queue   hashings that may wait for a thread ({@code queue}, default 8): a waiter waits at most about
     *                {@code queue / threads} hashings, each about 80 ms at cost 10 on a laptop core
     */
    public record Settings(int threads, int queue) {
        static final int DEFAULT_QUEUE = 8;

        public static Settings from(Config hashing) {
            int threads = hashing.get("threads").asInt()
                    .orElse(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
            int queue = hashing.get("queue").asInt().orElse(DEFAULT_QUEUE);
            if (threads < 1 || queue < 0) {
                throw new IllegalStateException("auth.password-hashing needs threads >= 1 and queue >= 0, got "
                        + threads + " and " + queue);
            }
            return new Settings(threads, queue);
        }
    }

    public PasswordHashingPool(Settings settings, Meter meter) {
        this.bulkhead = ThreadPoolBulkhead.of("password-hashing", ThreadPoolBulkheadConfig.custom()
                .coreThreadPoolSize(settings.threads())
                .maxThreadPoolSize(settings.threads())
                .queueCapacity(settings.queue())
                .build());
        this.rejected = meter.counterBuilder("chat4all.auth.hashing.rejected")
                .setDescription("Registrations and logins refused with 503 because every password hashing thread was busy"
                        + " and the queue full")
                .setUnit("{request}")
                .build();
    }

    /** Runs the work on the pool and waits for it; a 503 {@link ApiProblem} at once when the pool is full. */
    public <T> T run(Supplier<T> work) {
        CompletionStage<T> result;
        try {
            result = bulkhead.executeSupplier(work);
        } catch (BulkheadFullException full) {
            rejected.add(1);
            throw ApiProblem.unavailable("too many logins and registrations at once; retry shortly", RETRY_AFTER);
        }
        try {
            return result.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            bulkhead.close();
        } catch (Exception e) {
            throw new IllegalStateException("password hashing pool did not stop", e);
        }
    }
}
