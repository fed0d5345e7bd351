package io.chat4all.router;

import java.time.Duration;

/**
 * Exponential backoff: {@code initial} before the first retry, doubling each attempt, never more than {@code max}.
 *
 * @param initial delay before retry 1
 * @param max     ceiling of every delay
 */
public record Backoff(Duration initial, Duration max) {
    /** Retries of failed stores: 100 ms doubling to 5 s. */
    public static final Backoff STORE_RETRY = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The delay before retry number {@code attempt} (1 for the first retry). */
    public Duration delay(int attempt) {
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
}
