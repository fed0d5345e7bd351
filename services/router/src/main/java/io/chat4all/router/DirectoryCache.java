package io.chat4all.router;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.chat4all.contracts.DirectoryChange;
import io.chat4all.kit.CacheSettings;
import io.helidon.config.Config;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;

/**
 * Members and identities remembered between messages: without this, every message costs a Cassandra read of its
 * conversation's members and one of each recipient's identity. What is remembered stays right because the api
 * announces every change to them ({@link DirectoryChange}) on {@code messages}, in the conversation's order, before it
 * answers the change: the router handles the announcement ({@link #changed}) before any message accepted after the
 * change. A joining or leaving member changes the conversation's members; linking or unlinking an identity is announced
 * in each of the user's conversations. {@code ttl} bounds how long an entry lives in any case, for a change whose
 * announcement failed (the api then answered 503 and the client was told to retry).
 *
 * <p>A lookup that began before a change must not store its answer after the change dropped the entry: the read
 * happens outside the cache, and its answer is stored only if no change came since the read began (one counter for
 * all changes, as in the api's membership cache).
 */
final class DirectoryCache implements Directory {
    private static final AttributeKey<String> CACHE = AttributeKey.stringKey("cache");
    private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");

    private final Directory store;
    /** Both null when the cache is off. */
    private final Cache<UUID, List<UUID>> members;
    private final Cache<UUID, Optional<Identity>> identities;
    private final AtomicLong changes = new AtomicLong();

    static final long DEFAULT_MAX_ENTRIES = 100_000;
    static final Duration DEFAULT_TTL = Duration.ofMinutes(1);

    /**
     * The {@code router.directory-cache} config node: conversations, and users, remembered at most ({@code max-entries},
     * default 100,000 each); how long an entry lives from its read ({@code ttl}, default 1 minute).
     */
    static CacheSettings settings(Config cache) {
        return CacheSettings.from(cache, DEFAULT_MAX_ENTRIES, DEFAULT_TTL);
    }

    /** With the settings' cache off, every lookup reads the store and every change is ignored. */
    DirectoryCache(Directory store, CacheSettings settings, Ticker ticker, Meter meter) {
        this.store = store;
        if (!settings.enabled()) {
            this.members = null;
            this.identities = null;
            return;
        }
        this.members = settings.build(ticker);
        this.identities = settings.build(ticker);
        meter.counterBuilder("chat4all.directory_cache.lookups")
                .setDescription("Lookups of members (cache=members) and identities (cache=identities) answered by the "
                        + "router's directory cache (result=hit) or read from Cassandra (result=miss)")
                .setUnit("{lookup}")
                .buildWithCallback(counts -> {
                    counts.record(members.stats().hitCount(), Attributes.of(CACHE, "members", RESULT, "hit"));
                    counts.record(members.stats().missCount(), Attributes.of(CACHE, "members", RESULT, "miss"));
                    counts.record(identities.stats().hitCount(), Attributes.of(CACHE, "identities", RESULT, "hit"));
                    counts.record(identities.stats().missCount(), Attributes.of(CACHE, "identities", RESULT, "miss"));
                });
    }

    @Override
    public CompletionStage<List<UUID>> members(UUID conversationId) {
        return lookup(members, conversationId, id -> store.members(id).thenApply(List::copyOf));
    }

    @Override
    public CompletionStage<Optional<Identity>> identity(UUID userId) {
        return lookup(identities, userId, store::identity);
    }

    /** Forgets the conversation's members and the user's identity; call it in the conversation's record order. */
    void changed(DirectoryChange change) {
        if (members == null) {
            return;
        }
        changes.incrementAndGet();
        members.invalidate(change.conversationId());
        identities.invalidate(change.userId());
    }

    private <V> CompletionStage<V> lookup(Cache<UUID, V> cache, UUID key,
                                          Function<UUID, CompletionStage<V>> read) {
        if (cache == null) {
            return read.apply(key);
        }
        V cached = cache.getIfPresent(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        long changesBefore = changes.get();
        return read.apply(key).thenApply(value -> {
            // Atomic with the invalidation in changed(): either it drops this entry, or this sees its count.
            cache.asMap().compute(key, (k, current) -> changes.get() == changesBefore ? value : current);
            return value;
        });
    }
}
