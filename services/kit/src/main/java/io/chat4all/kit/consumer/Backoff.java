package io.chat4all.kit.consumer;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: a ceiling of {@code initial} before the first retry, doubling each attempt, never
 * more than {@code max}; the actual delay is drawn from the upper half of the ceiling, so that records which failed
 * together (an outage) do not all come back at the same instant.
 *
 * @param initial ceiling of the delay before retry 1
 * @param max     ceiling of every delay
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The longest delay before retry number {@code attempt} (1 for the first retry). */
    public Duration ceiling(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
        long ceiling = max.toNanos();
        long nanos = initial.toNanos();
        for (int retry = 1; retry < attempt && nanos < ceiling; retry++) {
            nanos = nanos > ceiling / 2 ? ceiling : nanos * 2;   // never overflows
        }
        return Duration.ofNanos(nanos);
    }

    /** The delay before retry number {@code attempt}: between half the ceiling and the ceiling. */
    public Duration delay(int attempt, RandomGenerator random) {
        long ceiling = ceiling(attempt).toNanos();
        return Duration.ofNanos(ceiling - (long) (ceiling / 2 * random.nextDouble()));
    }
}
