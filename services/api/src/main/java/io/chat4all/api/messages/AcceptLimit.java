package io.chat4all.api.messages;

import java.time.Duration;

import io.chat4all.api.http.ApiProblem;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.helidon.config.Config;
import io.helidon.webserver.http.Handler;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * Bounds the sends in flight. Each one holds Cassandra reads and a Kafka publish; once the machine is busy, more of
 * them at once only make every one slower, until they time out together and fill the heap. Beyond the limit a send is
 * refused at once, before its body is read, with 503 and {@code Retry-After}: nothing was accepted, so a retry is
 * always safe. Other routes, health among them, are not counted.
 */
public final class AcceptLimit {
    static final int DEFAULT_MAX_IN_FLIGHT = 256;
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Bulkhead inFlight;
    private final LongCounter rejected;

    /** @param maxInFlight sends handled at once; the next one is refused */
    public AcceptLimit(int maxInFlight, Meter meter) {
        if (maxInFlight < 1) {
            throw new IllegalStateException("messages.max-in-flight must be at least 1, got " + maxInFlight);
        }
        this.inFlight = Bulkhead.of("message-accept", BulkheadConfig.custom()
                .maxConcurrentCalls(maxInFlight)
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.rejected = meter.counterBuilder("chat4all.messages.accept.rejected")
                .setDescription("Sends refused with 503 because messages.max-in-flight sends were already being handled")
                .setUnit("{request}")
                .build();
    }

    /** From the {@code messages} config node: {@code max-in-flight} (default 256). */
    public static AcceptLimit from(Config messages, Meter meter) {
        return new AcceptLimit(messages.get("max-in-flight").asInt().orElse(DEFAULT_MAX_IN_FLIGHT), meter);
    }

    /** The handler, run only while fewer than the limit are in flight. */
    public Handler guard(Handler handler) {
        return (req, res) -> {
            if (!inFlight.tryAcquirePermission()) {
                rejected.add(1);
                throw ApiProblem.unavailable("the api is handling as many messages as it can; nothing was accepted, "
                        + "retry after the Retry-After delay", RETRY_AFTER);
            }
            try {
                handler.handle(req, res);
            } finally {
                inFlight.onComplete();
            }
        };
    }
}
