package io.chat4all.kit.consumer;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void ceilingDoublesFromOneHundredMillisecondsUpToFiveSeconds() {
        long[] expectedMillis = {100, 200, 400, 800, 1600, 3200, 5000, 5000};
        for (int attempt = 1; attempt <= expectedMillis.length; attempt++) {
            assertEquals(Duration.ofMillis(expectedMillis[attempt - 1]), backoff.ceiling(attempt), "attempt " + attempt);
        }
    }

    @Test
    void ceilingStaysThereForeverWithoutOverflowing() {
        assertEquals(Duration.ofSeconds(5), backoff.ceiling(64));
        assertEquals(Duration.ofSeconds(5), backoff.ceiling(Integer.MAX_VALUE));
        Backoff huge = new Backoff(Duration.ofMillis(1), Duration.ofDays(365 * 200));
        assertEquals(Duration.ofDays(365 * 200), huge.ceiling(Integer.MAX_VALUE));
    }

    @Test
    void delayIsJitteredWithinTheUpperHalfOfTheCeiling() {
        assertEquals(Duration.ofMillis(400), backoff.delay(3, fixed(0.0)));
        assertEquals(Duration.ofMillis(200), backoff.delay(3, fixed(1.0)));
        Random random = new Random(42);
        long distinct = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> backoff.delay(3, random))
                .peek(delay -> assertTrue(delay.compareTo(Duration.ofMillis(200)) >= 0
                        && delay.compareTo(Duration.ofMillis(400)) <= 0, delay.toString()))
                .distinct().count();
        assertTrue(distinct > 50, "delays are spread, not all equal: " + distinct);
    }

    @Test
    void rejectsAttemptsBeforeTheFirstRetryAndInconsistentBounds() {
        assertThrows(IllegalArgumentException.class, () -> backoff.ceiling(0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
