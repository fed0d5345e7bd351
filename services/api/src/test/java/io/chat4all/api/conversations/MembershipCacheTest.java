package io.chat4all.api.conversations;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Ticker;
import io.chat4all.kit.CacheSettings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.EnvironmentVariables;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MembershipCacheTest {
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final UUID GROUP = UUID.randomUUID();
    private static final UUID ALICE = UUID.randomUUID();
    private static final UUID BOB = UUID.randomUUID();

    private final Members members = new Members();
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    @Test
    void aMemberIsReadOnceAndThenRemembered() {
        members.add(GROUP, ALICE, Role.ADMIN);
        MembershipCache cache = cache(new CacheSettings(100, TTL));

        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.of(Role.ADMIN), cache.role(GROUP, ALICE));
        }
        assertEquals(1, members.reads.get());
    }

    @Test
    void aNonMemberIsNotRememberedSoJoiningCountsAtOnce() {
        MembershipCache cache = cache(new CacheSettings(100, TTL));
        assertEquals(Optional.empty(), cache.role(GROUP, BOB));
        assertEquals(Optional.empty(), cache.role(GROUP, BOB));
        assertEquals(2, members.reads.get(), "each refusal reads the store");

        members.add(GROUP, BOB, Role.MEMBER);
        assertEquals(Optional.of(Role.MEMBER), cache.role(GROUP, BOB));
    }

    @Test
    void aRemovalThroughThisInstanceIsRefusedAtOnce() {
        members.add(GROUP, BOB, Role.MEMBER);
        MembershipCache cache = cache(new CacheSettings(100, TTL));
        assertEquals(Optional.of(Role.MEMBER), cache.role(GROUP, BOB));

        members.remove(GROUP, BOB);
        cache.removed(GROUP, BOB);
        assertEquals(Optional.empty(), cache.role(GROUP, BOB));
    }

    @Test
    void aRemovalElsewhereIsSeenWhenTheEntryExpiresHoweverOftenItIsUsed() {
        members.add(GROUP, BOB, Role.MEMBER);
        MembershipCache cache = cache(new CacheSettings(100, TTL));
        assertEquals(Optional.of(Role.MEMBER), cache.role(GROUP, BOB));

        members.remove(GROUP, BOB); // by another api instance: this one is not told
        advance(TTL.minusMillis(1));
        assertEquals(Optional.of(Role.MEMBER), cache.role(GROUP, BOB), "remembered for the ttl, uses included");
        advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), cache.role(GROUP, BOB), "the ttl counts from the read, not the last use");
        assertEquals(2, members.reads.get());
    }

    @Test
    void aZeroTtlOrSizeTurnsTheCacheOff() {
        members.add(GROUP, ALICE, Role.MEMBER);
        for (CacheSettings off : new CacheSettings[] {
                new CacheSettings(100, Duration.ZERO), new CacheSettings(0, TTL)}) {
            members.reads.set(0);
            MembershipCache cache = cache(off);
            assertEquals(Optional.of(Role.MEMBER), cache.role(GROUP, ALICE));
            assertEquals(Optional.of(Role.MEMBER), cache.role(GROUP, ALICE));
            assertEquals(2, members.reads.get(), off::toString);
            cache.removed(GROUP, ALICE);
        }
    }

    @Test
    void theNumberOfMembersRememberedIsBounded() {
        MembershipCache cache = cache(new CacheSettings(100, TTL));
        for (int i = 0; i < 1_000; i++) {
            UUID user = UUID.randomUUID();
            members.add(GROUP, user, Role.MEMBER);
            cache.role(GROUP, user);
        }
        assertTrue(cache.size() <= 100, () -> cache.size() + " members remembered");
    }

    /**
     * A check reads "member", the member is removed and forgotten while that read is still on its way back; the
     * check's answer may be "member" (it began before the removal), but it must not be remembered.
     */
    @Test
    void aCheckThatReadBeforeARemovalDoesNotRememberTheRemovedMember() throws Exception {
        members.add(GROUP, BOB, Role.MEMBER);
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch removalDone = new CountDownLatch(1);
        MembershipCache cache = new MembershipCache(new CacheSettings(100, TTL), (conversation, user) -> {
            Optional<Role> role = members.role(conversation, user);
            read.countDown();
            awaitQuietly(removalDone);
            return role;
        }, ticker, OpenTelemetry.noop().getMeter("test"));

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Optional<Role>> check = threads.submit(() -> cache.role(GROUP, BOB));
            assertTrue(read.await(5, TimeUnit.SECONDS));
            members.remove(GROUP, BOB);
            cache.removed(GROUP, BOB);
            removalDone.countDown();
            assertEquals(Optional.of(Role.MEMBER), check.get(5, TimeUnit.SECONDS), "the check that read before");
        }
        assertEquals(Optional.empty(), cache.role(GROUP, BOB), "the removal stands");
    }

    @Test
    void hitsAndMissesAreCounted() {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            members.add(GROUP, ALICE, Role.MEMBER);
            MembershipCache cache = new MembershipCache(new CacheSettings(100, TTL), members::role, ticker,
                    meters.get("test"));
            cache.role(GROUP, ALICE);
            cache.role(GROUP, ALICE);
            cache.role(GROUP, ALICE);
            cache.role(GROUP, BOB);

            MetricData lookups = reader.collectAllMetrics().stream()
                    .filter(metric -> metric.getName().equals("chat4all.membership_cache.lookups"))
                    .findFirst().orElseThrow();
            assertEquals("{lookup}", lookups.getUnit());
            assertTrue(lookups.getLongSumData().isMonotonic());
            assertEquals(Map.of("hit", 2L, "miss", 2L), lookups.getLongSumData().getPoints().stream()
                    .collect(Collectors.toMap(point -> point.getAttributes().get(AttributeKey.stringKey("result")),
                            LongPointData::getValue)));
        }
    }

    @Test
    void settingsHaveDefaultsEnvOverridesAndRefuseNonsense() {
        assertEquals(new CacheSettings(100_000, Duration.ofSeconds(5)),
                MembershipCache.settings(config(Map.of())));
        assertEquals(new CacheSettings(10, Duration.ofMillis(500)),
                MembershipCache.settings(config(Map.of("max-entries", "10", "ttl", "PT0.5S"))));
        Config fromEnv = Config.just(ConfigSources.create(EnvironmentVariables.expand(Map.of(
                "CONVERSATIONS_MEMBERSHIP_dash_CACHE_MAX_dash_ENTRIES", "7",
                "CONVERSATIONS_MEMBERSHIP_dash_CACHE_TTL", "PT0S"))));
        CacheSettings off = MembershipCache.settings(fromEnv.get("conversations.membership-cache"));
        assertEquals(new CacheSettings(7, Duration.ZERO), off);
        assertFalse(off.enabled());
        assertThrows(IllegalStateException.class,
                () -> MembershipCache.settings(config(Map.of("max-entries", "-1"))));
        assertThrows(IllegalStateException.class, () -> MembershipCache.settings(config(Map.of("ttl", "-PT1S"))));
    }

    private MembershipCache cache(CacheSettings settings) {
        return new MembershipCache(settings, members::role, ticker, OpenTelemetry.noop().getMeter("test"));
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private static Config config(Map<String, String> values) {
        return Config.just(ConfigSources.create(values));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** conversation_members in memory, counting reads. */
    private static final class Members {
        private record Row(UUID conversationId, UUID userId) {
        }

        private final Map<Row, Role> rows = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();

        void add(UUID conversationId, UUID userId, Role role) {
            rows.put(new Row(conversationId, userId), role);
        }

        void remove(UUID conversationId, UUID userId) {
            rows.remove(new Row(conversationId, userId));
        }

        Optional<Role> role(UUID conversationId, UUID userId) {
            reads.incrementAndGet();
            return Optional.ofNullable(rows.get(new Row(conversationId, userId)));
        }
    }
}
