package io.chat4all.providersim;

import io.helidon.config.Config;

/**
 * The faults a channel simulates, as set by {@code PUT /admin/channels/{channel}/faults} and read back as JSON
 * ({@code error_rate}, {@code rejection_rate}, {@code outage}, {@code latency: {median_ms, p99_ms}},
 * {@code spike: {rate, extra_ms}}, {@code retry_after_s}).
 *
 * @param errorRate     chance (0 to 1) that a send is answered 503, as a transient error
 * @param rejectionRate chance (0 to 1) that a new send is rejected for good: 422
 * @param outage        an outage that overrides the rates
 * @param latency       the latency distribution of answers
 * @param spike         occasional extra latency
 * @param retryAfterS   the {@code Retry-After} of 503 answers, in seconds
 */
public record Faults(double errorRate, double rejectionRate, Outage outage, Latency latency, Spike spike,
                     long retryAfterS) {

    /** Median and 99th percentile of the answer latency, in ms; both 0 for none. */
    public record Latency(long medianMs, long p99Ms) {
    }

    /** With chance {@code rate}, an answer waits {@code extraMs} more. */
    public record Spike(double rate, long extraMs) {
    }

    public Faults {
        requireFraction("error_rate", errorRate);
        requireFraction("rejection_rate", rejectionRate);
        if (outage == null) {
            throw new IllegalArgumentException("outage must be one of " + Outage.choices());
        }
        if (retryAfterS < 1) {
            throw new IllegalArgumentException("retry_after_s must be at least 1, got " + retryAfterS);
        }
        new LatencyModel(latency.medianMs(), latency.p99Ms(), spike.rate(), spike.extraMs());   // validates both
    }

    public LatencyModel latencyModel() {
        return new LatencyModel(latency.medianMs(), latency.p99Ms(), spike.rate(), spike.extraMs());
    }

    /**
     * The faults under a channel's {@code faults} config node: {@code error-rate}, {@code rejection-rate},
     * {@code outage}, {@code latency.median-ms}, {@code latency.p99-ms}, {@code spike.rate}, {@code spike.extra-ms},
     * {@code retry-after-s}; {@code defaults} for keys not set.
     */
    static Faults from(Config node, Faults defaults) {
        String outage = node.get("outage").asString().orElse(defaults.outage().wireName());
        return new Faults(
                node.get("error-rate").asDouble().orElse(defaults.errorRate()),
                node.get("rejection-rate").asDouble().orElse(defaults.rejectionRate()),
                Outage.fromWireName(outage).orElseThrow(() -> new IllegalArgumentException(
                        node.get("outage").key() + " must be one of " + Outage.choices() + ", got " + outage)),
                new Latency(node.get("latency.median-ms").asLong().orElse(defaults.latency().medianMs()),
                        node.get("latency.p99-ms").asLong().orElse(defaults.latency().p99Ms())),
                new Spike(node.get("spike.rate").asDouble().orElse(defaults.spike().rate()),
                        node.get("spike.extra-ms").asLong().orElse(defaults.spike().extraMs())),
                node.get("retry-after-s").asLong().orElse(defaults.retryAfterS()));
    }

    static void requireFraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be from 0 to 1, got " + value);
        }
    }
}
