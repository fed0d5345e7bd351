package io.chat4all.router;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.DirectoryChange;
import io.chat4all.kit.CacheSettings;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DirectoryCacheTest {
    private static final Duration TTL = Duration.ofMinutes(1);
    private static final UUID GROUP = UUID.randomUUID();
    private static final UUID ALICE = UUID.randomUUID();
    private static final UUID BOB = UUID.randomUUID();
    private static final Identity BOB_ON_WHATSAPP = new Identity(Channel.WHATSAPP, "+5511999990000");

    private final Store store = new Store();
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void membersAndIdentitiesAreReadOnceThenRemembered() {
        store.members.put(GROUP, List.of(ALICE, BOB));
        store.identities.put(BOB, Optional.of(BOB_ON_WHATSAPP));
        DirectoryCache cache = cache(TTL);

        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(ALICE, BOB), join(cache.members(GROUP)));
            assertEquals(Optional.of(BOB_ON_WHATSAPP), join(cache.identity(BOB)));
            assertEquals(Optional.empty(), join(cache.identity(ALICE)), "no identity is remembered too");
        }
        assertEquals(1, store.memberReads.get());
        assertEquals(2, store.identityReads.get());
    }

    @Test
    void aChangeForgetsTheConversationsMembersAndTheUsersIdentity() {
        store.members.put(GROUP, List.of(ALICE));
        DirectoryCache cache = cache(TTL);
        join(cache.members(GROUP));
        join(cache.identity(BOB));

        store.members.put(GROUP, List.of(ALICE, BOB));
        store.identities.put(BOB, Optional.of(BOB_ON_WHATSAPP));
        cache.changed(new DirectoryChange(GROUP, BOB));

        assertEquals(List.of(ALICE, BOB), join(cache.members(GROUP)));
        assertEquals(Optional.of(BOB_ON_WHATSAPP), join(cache.identity(BOB)));
    }

    @Test
    void aReadThatBeganBeforeAChangeIsNotRemembered() {
        store.members.put(GROUP, List.of(ALICE));
        CompletableFuture<List<UUID>> slowRead = new CompletableFuture<>();
        store.pendingMembers = slowRead;
        DirectoryCache cache = cache(TTL);

        CompletionStage<List<UUID>> before = cache.members(GROUP);
        cache.changed(new DirectoryChange(GROUP, BOB));
        slowRead.complete(List.of(ALICE));   // the answer from before the change arrives after it

        assertEquals(List.of(ALICE), join(before), "the caller still gets its answer");
        store.members.put(GROUP, List.of(ALICE, BOB));
        assertEquals(List.of(ALICE, BOB), join(cache.members(GROUP)), "but the next lookup reads again");
    }

    @Test
    void anEntryLivesTtlFromItsRead() {
        store.members.put(GROUP, List.of(ALICE));
        DirectoryCache cache = cache(TTL);
        join(cache.members(GROUP));

        nanos.addAndGet(TTL.toNanos() - 1);
        join(cache.members(GROUP));
        assertEquals(1, store.memberReads.get());
        nanos.addAndGet(1);
        join(cache.members(GROUP));
        assertEquals(2, store.memberReads.get());
    }

    @Test
    void aZeroTtlTurnsTheCacheOff() {
        store.members.put(GROUP, List.of(ALICE));
        DirectoryCache cache = cache(Duration.ZERO);

        join(cache.members(GROUP));
        join(cache.members(GROUP));
        cache.changed(new DirectoryChange(GROUP, BOB));

        assertEquals(2, store.memberReads.get());
    }

    private DirectoryCache cache(Duration ttl) {
        Ticker ticker = nanos::get;
        return new DirectoryCache(store, new CacheSettings(100, ttl), ticker,
                OpenTelemetry.noop().getMeter("test"));
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    /** The directory in Cassandra, counting its reads; a pending read answers when the test says. */
    private static final class Store implements Directory {
        final Map<UUID, List<UUID>> members = new ConcurrentHashMap<>();
        final Map<UUID, Optional<Identity>> identities = new ConcurrentHashMap<>();
        final AtomicInteger memberReads = new AtomicInteger();
        final AtomicInteger identityReads = new AtomicInteger();
        CompletableFuture<List<UUID>> pendingMembers;

        @Override
        public CompletionStage<List<UUID>> members(UUID conversationId) {
            memberReads.incrementAndGet();
            if (pendingMembers != null) {
                CompletableFuture<List<UUID>> pending = pendingMembers;
                pendingMembers = null;
                return pending;
            }
            return CompletableFuture.completedFuture(members.getOrDefault(conversationId, List.of()));
        }

        @Override
        public CompletionStage<Optional<Identity>> identity(UUID userId) {
            identityReads.incrementAndGet();
            return CompletableFuture.completedFuture(identities.getOrDefault(userId, Optional.empty()));
        }
    }
}
