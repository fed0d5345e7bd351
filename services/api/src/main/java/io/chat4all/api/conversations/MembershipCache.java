package io.chat4all.api.conversations;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.chat4all.kit.CacheSettings;
import io.helidon.config.Config;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;

/**
 * Members' roles, remembered for a short while: every send, history read and file access checks membership, and
 * without this each check is a Cassandra read. Only members are remembered, so a user just added is let in at once.
 * A role never changes while its holder stays a member ({@link Conversations} adds with a fixed role and never
 * updates one), so a remembered role is right until the member is removed.
 *
 * <p>A removal made through this api instance ({@link #removed}) takes effect at once. Other api instances learn of it
 * only when their entry expires: for up to {@code ttl} after a removal, an api instance that had just checked the
 * removed member still lets them in. An entry lives {@code ttl} from its read, however often it is used.
 *
 * <p>A check that read "member" just before a removal must not store that answer after the removal dropped the entry.
 * The read happens outside the cache, and its answer is stored only if no removal happened since the read began (one
 * counter for all removals: they are rare, and a discarded answer costs one more read). Caffeine's
 * {@code get(key, loader)} would hold a hash-table lock across the Cassandra read instead, and its {@code invalidate}
 * is documented as undefined for an entry being loaded.
 */
public final class MembershipCache {
    private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");

    private final RoleLookup store;
    /** Null when the cache is off. */
    private final Cache<Key, Role> roles;
    private final AtomicLong removals = new AtomicLong();

    /** Where roles are read from: {@link ConversationStore#role}. */
    @FunctionalInterface
    public interface RoleLookup {
        Optional<Role> role(UUID conversationId, UUID userId);
    }

    static final long DEFAULT_MAX_ENTRIES = 100_000;
    static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    /**
     * The {@code conversations.membership-cache} config node: members remembered at most ({@code max-entries}, default
     * 100,000); how long a member is remembered from its read ({@code ttl}, default 5 s), the longest another api
     * instance lets a removed member in. Zero for either turns the cache off: every check reads Cassandra.
     */
    public static CacheSettings settings(Config cache) {
        return CacheSettings.from(cache, DEFAULT_MAX_ENTRIES, DEFAULT_TTL);
    }

    private record Key(UUID conversationId, UUID userId) {
    }

    /**
     * @param ticker the clock entries expire by
     * @param meter  for {@code chat4all.membership_cache.lookups} ({@code result} = hit, miss), when the cache is on
     */
    public MembershipCache(CacheSettings settings, RoleLookup store, Ticker ticker, Meter meter) {
        this.store = store;
        if (!settings.enabled()) {
            this.roles = null;
            return;
        }
        this.roles = settings.build(ticker);
        Attributes hit = Attributes.of(RESULT, "hit");
        Attributes miss = Attributes.of(RESULT, "miss");
        meter.counterBuilder("chat4all.membership_cache.lookups")
                .setDescription("Membership checks answered by the api's membership cache (result=hit) or read from "
                        + "Cassandra (result=miss)")
                .setUnit("{lookup}")
                .buildWithCallback(counts -> {
                    CacheStats stats = roles.stats();
                    counts.record(stats.hitCount(), hit);
                    counts.record(stats.missCount(), miss);
                });
    }

    /** The user's role in the conversation; empty if they are not a member. */
    public Optional<Role> role(UUID conversationId, UUID userId) {
        if (roles == null) {
            return store.role(conversationId, userId);
        }
        Key key = new Key(conversationId, userId);
        Role cached = roles.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        long removalsBefore = removals.get();
        Optional<Role> role = store.role(conversationId, userId);
        // Atomic with the invalidation in removed(): either it drops this entry, or this sees its count.
        role.ifPresent(found -> roles.asMap().compute(key,
                (k, current) -> removals.get() == removalsBefore ? found : current));
        return role;
    }

    /** Forgets the member; call once they are removed from the store, before the removal is answered. */
    public void removed(UUID conversationId, UUID userId) {
        if (roles == null) {
            return;
        }
        removals.incrementAndGet();
        roles.invalidate(new Key(conversationId, userId));
    }

    /** Members remembered (approximate; for tests of the bound). */
    long size() {
        if (roles == null) {
            return 0;
        }
        roles.cleanUp();
        return roles.estimatedSize();
    }
}
