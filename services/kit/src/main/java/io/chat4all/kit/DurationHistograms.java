package io.chat4all.kit;

import java.util.List;

import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;

/**
 * Duration histograms in seconds, as the specification's {@code *_seconds} metrics need. The SDK's default buckets
 * (0 to 10,000) suit milliseconds; these are the semantic conventions' advice for HTTP durations, 5 ms to 10 s, so
 * that our histograms and the agent's line up.
 */
public final class DurationHistograms {
    static final List<Double> BUCKETS_SECONDS =
            List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

    private DurationHistograms() {
    }

    /** A histogram named {@code name} (unit {@code s}: {@code name_seconds} in Prometheus). */
    public static DoubleHistogram seconds(Meter meter, String name, String description) {
        return seconds(meter, name, description, BUCKETS_SECONDS);
    }

    /** A histogram named {@code name} in seconds, with bucket boundaries of its own (for longer durations). */
    public static DoubleHistogram seconds(Meter meter, String name, String description, List<Double> boundaries) {
        return meter.histogramBuilder(name)
                .setUnit("s")
                .setDescription(description)
                .setExplicitBucketBoundariesAdvice(boundaries)
                .build();
    }

    /** Seconds from a {@link System#nanoTime()}-style duration in nanoseconds. */
    public static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
