package io.chat4all.router;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {
    private final Backoff backoff = Backoff.STORE_RETRY;

    @Test
    void doublesFromOneHundredMillisecondsUpToFiveSeconds() {
        long[] expectedMillis = {100, 200, 400, 800, 1600, 3200, 5000, 5000};
        for (int attempt = 1; attempt <= expectedMillis.length; attempt++) {
            assertEquals(Duration.ofMillis(expectedMillis[attempt - 1]), backoff.delay(attempt), "attempt " + attempt);
        }
    }

    @Test
    void staysAtTheCeilingForeverWithoutOverflowing() {
        assertEquals(Duration.ofSeconds(5), backoff.delay(64));
        assertEquals(Duration.ofSeconds(5), backoff.delay(Integer.MAX_VALUE));
        Backoff huge = new Backoff(Duration.ofMillis(1), Duration.ofDays(365 * 200));
        assertEquals(Duration.ofDays(365 * 200), huge.delay(Integer.MAX_VALUE));
    }

    @Test
    void rejectsAttemptsBeforeTheFirstRetryAndInconsistentBounds() {
        assertThrows(IllegalArgumentException.class, () -> backoff.delay(0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
