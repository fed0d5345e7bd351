package io.chat4all.api.messages;

import java.time.Duration;

import io.chat4all.kit.http.ApiProblem;
import io.helidon.common.concurrency.limits.AimdLimit;
import io.helidon.common.concurrency.limits.LimitAlgorithm;
import io.helidon.config.Config;
import io.helidon.webserver.http.Handler;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * Bounds the sends in flight. Each one holds Cassandra reads and a Kafka publish; once the machine is busy, more of
 * them at once only make every one slower, until they time out together and fill the heap. Beyond the limit a send is
 * refused at once, before its body is read, with 503 and {@code Retry-After}: nothing was accepted, so a retry is
 * always safe. Other routes, health among them, are not counted.
 *
 * <p>The limit adapts (Helidon's AIMD limit): it starts at {@code max-in-flight}, shrinks by a tenth each time a send
 * takes longer than {@code slow-send}, down to {@code min-in-flight}, and grows back by one per quick send while at
 * least half of it is in use. A fixed limit that suits a fast machine would let sends queue for seconds on a starved
 * one; this one keeps the wait near {@code slow-send} on both.
 */
public final class AcceptLimit {
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final LimitAlgorithm inFlight;
    private final LongCounter rejected;

    /**
     * The {@code messages} config node.
     *
     * @param maxInFlight sends handled at once when they are quick ({@code max-in-flight}, default 256)
     * @param minInFlight what the limit may shrink to while sends are slow ({@code min-in-flight}, default 16)
     * @param slowSend    a send slower than this shrinks the limit ({@code slow-send}, default 1 s: lower, a
     *                    warmed stack on 2 cores already sheds part of the README's 500 msg/s benchmark)
     */
    public record Settings(int maxInFlight, int minInFlight, Duration slowSend) {
        static final int DEFAULT_MAX_IN_FLIGHT = 256;
        static final int DEFAULT_MIN_IN_FLIGHT = 16;
        static final Duration DEFAULT_SLOW_SEND = Duration.ofSeconds(1);

        public static Settings from(Config messages) {
            int max = messages.get("max-in-flight").asInt().orElse(DEFAULT_MAX_IN_FLIGHT);
            Settings settings = new Settings(max,
                    messages.get("min-in-flight").asInt().orElse(Math.min(DEFAULT_MIN_IN_FLIGHT, max)),
                    messages.get("slow-send").as(Duration.class).orElse(DEFAULT_SLOW_SEND));
            if (settings.minInFlight < 1 || settings.minInFlight > settings.maxInFlight
                    || settings.slowSend.isNegative() || settings.slowSend.isZero()) {
                throw new IllegalStateException("messages needs 1 <= min-in-flight <= max-in-flight and a positive "
                        + "slow-send, got " + settings);
            }
            return settings;
        }
    }

    public AcceptLimit(Settings settings, Meter meter) {
        this.inFlight = AimdLimit.builder()
                .name("message-accept")
                .maxLimit(settings.maxInFlight())
                .initialLimit(settings.maxInFlight())
                .minLimit(settings.minInFlight())
                .timeout(settings.slowSend())
                .build();
        this.rejected = meter.counterBuilder("chat4all.messages.accept.rejected")
                .setDescription("Sends refused with 503 because as many as the accept limit allows were in flight")
                .setUnit("{request}")
                .build();
    }

    /** The handler, run only while the limit allows one more send in flight. */
    public Handler guard(Handler handler) {
        return (req, res) -> {
            if (!(inFlight.tryAcquireOutcome(false) instanceof LimitAlgorithm.Outcome.Accepted accepted)) {
                rejected.add(1);
                throw ApiProblem.unavailable("the api is handling as many messages as it can; nothing was accepted, "
                        + "retry after the Retry-After delay", RETRY_AFTER);
            }
            try {
                handler.handle(req, res);
            } finally {
                // Only the time it took matters: a send failed by a slow broker is slow too.
                accepted.token().success();
            }
        };
    }
}
