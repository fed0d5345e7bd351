package io.chat4all.kit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.helidon.config.Config;

/**
 * How big a cache may grow and how long an entry lives from its read, from a config node ({@code max-entries},
 * {@code ttl}). Zero for either turns the cache off.
 */
public record CacheSettings(long maxEntries, Duration ttl) {

    /** The settings under {@code node}, each key defaulting to the given value; negative values are refused. */
    public static CacheSettings from(Config node, long defaultMaxEntries, Duration defaultTtl) {
        CacheSettings settings = new CacheSettings(node.get("max-entries").asLong().orElse(defaultMaxEntries),
                node.get("ttl").as(Duration.class).orElse(defaultTtl));
        if (settings.maxEntries < 0 || settings.ttl.isNegative()) {
            throw new IllegalStateException(node.key() + " needs max-entries >= 0 and ttl >= 0 (0 turns the cache off), "
                    + "got " + settings);
        }
        return settings;
    }

    public boolean enabled() {
        return maxEntries > 0 && ttl.isPositive();
    }

    /** A cache of these settings, expiring by {@code ticker}, with statistics; only when {@link #enabled()}. */
    public <K, V> Cache<K, V> build(Ticker ticker) {
        if (!enabled()) {
            throw new IllegalStateException("the cache is off: " + this);
        }
        return Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).ticker(ticker).recordStats().build();
    }
}
