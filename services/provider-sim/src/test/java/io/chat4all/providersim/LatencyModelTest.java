package io.chat4all.providersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The latency distribution, sampled with a fixed seed: statistics, not timing. */
class LatencyModelTest {
    private static final int SAMPLES = 200_000;

    @Test
    void samplesHaveTheConfiguredMedianAndP99() {
        double[] millis = sample(new LatencyModel(40, 300, 0, 0), 7);

        assertEquals(40, percentile(millis, 0.50), 40 * 0.03);
        assertEquals(300, percentile(millis, 0.99), 300 * 0.05);
        assertEquals(0, Arrays.stream(millis).filter(m -> m <= 0).count(), "log-normal latencies are positive");
    }

    @Test
    void spikesAddTheirExtraToTheirShareOfRequests() {
        double[] millis = sample(new LatencyModel(10, 10, 0.05, 1_000), 11);

        long spiked = Arrays.stream(millis).filter(m -> m >= 1_000).count();
        assertEquals(0.05, spiked / (double) SAMPLES, 0.005);
        assertEquals(10, percentile(millis, 0.5), 0.01, "median and p99 equal: no spread");
    }

    @Test
    void noLatencyIsZero() {
        assertEquals(0, new LatencyModel(0, 0, 0, 0).sample(new Random(1)).toNanos());
    }

    @Test
    void aP99BelowTheMedianIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LatencyModel(100, 50, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LatencyModel(10, 20, 1.5, 0));
    }

    private static double[] sample(LatencyModel model, long seed) {
        Random random = new Random(seed);
        double[] millis = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            millis[i] = model.sample(random).toNanos() / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[(int) Math.ceil(p * sorted.length) - 1];
    }
}
