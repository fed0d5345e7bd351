package io.chat4all.providersim;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a provider takes to answer: log-normal, fixed by its median and 99th percentile, plus an occasional spike.
 * A log-normal keeps latencies positive with the long right tail real services show; median and p99 are the two
 * figures people quote, so they are what is configured. {@code ln(latency)} is normal with {@code mu = ln(median)} and
 * {@code sigma = (ln(p99) - mu) / z99}, where {@code z99} is the 99th percentile of the standard normal.
 *
 * @param medianMs  median latency in ms; 0 means no latency at all
 * @param p99Ms     99th percentile in ms, at least the median
 * @param spikeRate chance (0 to 1) that a request also waits {@code spikeMs} more
 * @param spikeMs   extra latency of a spike in ms
 */
public record LatencyModel(long medianMs, long p99Ms, double spikeRate, long spikeMs) {
    /** The 99th percentile of the standard normal distribution. */
    static final double Z_99 = 2.3263478740408408;

    public LatencyModel {
        if (medianMs < 0 || p99Ms < medianMs || (medianMs == 0 && p99Ms != 0)) {
            throw new IllegalArgumentException("latency needs 0 <= median_ms <= p99_ms (both 0 for none), got median_ms "
                    + medianMs + " and p99_ms " + p99Ms);
        }
        if (!(spikeRate >= 0 && spikeRate <= 1) || spikeMs < 0) {
            throw new IllegalArgumentException("spike needs 0 <= rate <= 1 and extra_ms >= 0, got " + spikeRate
                    + " and " + spikeMs);
        }
    }

    public Duration sample(RandomGenerator random) {
        double millis = 0;
        if (medianMs > 0) {
            double mu = Math.log(medianMs);
            double sigma = (Math.log(p99Ms) - mu) / Z_99;
            millis = Math.exp(mu + sigma * random.nextGaussian());
        }
        if (spikeRate > 0 && random.nextDouble() < spikeRate) {
            millis += spikeMs;
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
}
