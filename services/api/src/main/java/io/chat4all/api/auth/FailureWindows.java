package io.chat4all.api.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Failures per key in fixed windows: a key's window opens with its first failure and its count is forgotten when the
 * window ends. Keys live in a bounded cache, so a flood of new keys cannot grow memory: it evicts the rarely seen ones
 * first (Caffeine admits by frequency), and a key that keeps failing stays.
 */
final class FailureWindows {
    /** A key this long or longer weighs more than one entry, so the bound holds for memory, whatever keys arrive. */
    private static final int CHARS_PER_WEIGHT = 64;

    private final int maxFailures;
    private final Cache<String, AtomicInteger> failures;

    /**
     * @param maxFailures failures a key may have in its window before it is {@link #exhausted}
     * @param window      how long a window lasts from its first failure
     * @param maxTracked  how many keys (of up to 64 characters) are remembered at most
     * @param ticker      the clock windows are measured with
     */
    FailureWindows(int maxFailures, Duration window, long maxTracked, Ticker ticker) {
        this.maxFailures = maxFailures;
        this.failures = Caffeine.newBuilder()
                .expireAfter(Expiry.creating((String key, AtomicInteger count) -> window))
                .maximumWeight(maxTracked)
                .weigher((String key, AtomicInteger count) -> 1 + key.length() / CHARS_PER_WEIGHT)
                .ticker(ticker)
                .build();
    }

    void record(String key) {
        failures.get(key, k -> new AtomicInteger()).incrementAndGet();
    }

    /** How long until the key's window ends, if it has used up its failures; empty while it may still try. */
    Optional<Duration> exhausted(String key) {
        AtomicInteger count = failures.getIfPresent(key);
        if (count == null || count.get() < maxFailures) {
            return Optional.empty();
        }
        return failures.policy().expireVariably().orElseThrow().getExpiresAfter(key);
    }

    /** Keys currently remembered (approximate; for tests of the bound). */
    long tracked() {
        failures.cleanUp();
        return failures.estimatedSize();
    }
}
