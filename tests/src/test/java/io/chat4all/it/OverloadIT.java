package io.chat4all.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.chat4all.it.ApiClient.Response;
import io.chat4all.it.ApiClient.User;
import io.chat4all.stack.LocalStack;
import io.chat4all.stack.Services;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several times what the stack can accept, for twenty seconds: the api refuses the excess at once with 503 and
 * Retry-After, api and router stay alive and answer health throughout (never two checks in a row over two seconds:
 * a liveness check tolerates one slow answer, and on two cores shared with this generator one pause of a collector
 * or the scheduler can take that long), every message that got a 202 is stored, and seconds after the load ends sends
 * are answered at their usual speed again.
 *
 * <p>What the stack can accept depends on the machine and on what else runs on it, so the offered rate follows what
 * the api accepts: four times as much, second by second.
 */
@ExtendWith(TestStack.class)
class OverloadIT {
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration OVERLOAD = Duration.ofSeconds(20);
    /** Sends offered per second, as a multiple of those accepted in the last window, and the rate's bounds. */
    private static final int OVERLOAD_FACTOR = 4;
    private static final Duration RATE_WINDOW = Duration.ofSeconds(1);
    private static final int MIN_OFFERED_PER_SECOND = 200;
    private static final int MAX_OFFERED_PER_SECOND = 4_000;
    /** The generator's own bound on sends awaiting an answer; an arrival beyond it is skipped, and counted. */
    private static final int MAX_OUTSTANDING = 512;
    private static final int CONVERSATIONS = 8;
    private static final Duration HEALTH_BOUND = Duration.ofSeconds(2);
    private static final Duration HEALTH_PERIOD = Duration.ofMillis(250);
    private static final Duration NORMAL_LATENCY = Duration.ofMillis(500);
    /** Most refusals come this fast, measured at the client, however long accepted sends take. */
    private static final Duration SHED_AT_ONCE = Duration.ofSeconds(1);
    private static final int SEQUENTIAL_SENDS = 20;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void excessLoadIsShedAtOnceAndEveryAcceptedMessageIsStored(LocalStack stack, ApiClient api, CassandraProbe cassandra) {
        User sender = api.newUser("loud");
        List<UUID> conversations = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            conversations.add(api.privateConversation(sender, api.newUser("peer")));
        }
        Tally warmUp = new Tally();
        warmUp(api, sender, conversations, warmUp);
        Tally tally = new Tally();

        HealthWatch health = HealthWatch.start(List.of(
                Services.API.healthUri(stack.config().host(), stack.config().ports()),
                Services.ROUTER.healthUri(stack.config().host(), stack.config().ports())));
        offerLoad(api, sender, conversations, tally);
        health.stop();
        System.out.println("OverloadIT: " + tally + "; health answered " + health.answers + " times, slowest (ms) "
                + health.slowestMillis + ", single failed checks " + health.slowOnce);

        assertTrue(stack.isRunning(Services.API), "the api survived");
        assertTrue(stack.isRunning(Services.ROUTER), "the router survived");
        assertTrue(health.failures.isEmpty(), () -> "health during the overload: " + health.failures);
        assertTrue(health.answers.get() > 0, "health was asked");

        assertTrue(tally.unexpected.isEmpty(), () -> "answers other than 202 and 503: " + tally.unexpected);
        assertTrue(tally.shed.get() > 0, () -> "no send was shed; " + tally);
        assertEquals(0, tally.shedWithoutRetryAfter.get(), () -> "503s without Retry-After; " + tally);
        assertTrue(tally.shedWithin(SHED_AT_ONCE) >= 0.5, () -> "503s were not answered at once; " + tally);
        assertTrue(tally.acceptedCount() > 0, () -> "nothing was accepted; " + tally);
        // The load really was an overload: more was refused than accepted. Arrivals the generator skipped (its own
        // bound on outstanding sends) count as refused: the api was too slow to take them.
        assertTrue(tally.shed.get() + tally.skipped.get() > tally.acceptedCount(),
                () -> "the excess was smaller than what was accepted; " + tally);

        // Back to normal within seconds: consecutive sends, one at a time, each answered quickly.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> sequentialSendsAreFast(api, sender, conversations.getFirst(), tally));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> missing(cassandra, warmUp).isEmpty() && missing(cassandra, tally).isEmpty());
        for (UUID conversation : conversations) {
            List<UUID> stored = cassandra.historyMessageIds(conversation);
            assertEquals(stored.size(), new HashSet<>(stored).size(), "each accepted message stored once");
        }
    }

    /**
     * A few seconds of steady sends first: the producer has its metadata and the JIT has compiled the send path, so
     * what follows measures overload, not a cold start.
     */
    private static void warmUp(ApiClient api, User sender, List<UUID> conversations, Tally tally) {
        long end = System.nanoTime() + WARM_UP.toNanos();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (UUID conversation : conversations) {
                senders.submit(() -> {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        long started = System.nanoTime();
                        Response response = api.send(sender, conversation, "warm-up " + i);
                        tally.record(conversation, response, Duration.ofNanos(System.nanoTime() - started));
                    }
                });
            }
        }
    }

    /**
     * Open model: arrivals on a schedule, each on its own virtual thread, whether or not earlier ones were answered.
     * Every second the rate becomes four times what the api accepted in the second before (at most twice the rate
     * before), so the overload stays several times the capacity as the JIT warms up and as other work on the machine
     * comes and goes.
     */
    private static void offerLoad(ApiClient api, User sender, List<UUID> conversations, Tally tally) {
        Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
        double perSecond = MIN_OFFERED_PER_SECOND;
        long next = System.nanoTime();
        long end = next + OVERLOAD.toNanos();
        long windowStart = next;
        int acceptedBefore = 0;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; next < end; i++, next += (long) (TimeUnit.SECONDS.toNanos(1) / perSecond)) {
                LockSupport.parkNanos(next - System.nanoTime());
                if (next - windowStart >= RATE_WINDOW.toNanos()) {
                    int accepted = tally.acceptedCount();
                    double acceptedPerSecond = (accepted - acceptedBefore) / ((next - windowStart) / 1e9);
                    // At most doubling per window: an overload that grows, not a burst that jumps.
                    perSecond = Math.clamp(Math.min(OVERLOAD_FACTOR * acceptedPerSecond, 2 * perSecond),
                            MIN_OFFERED_PER_SECOND, MAX_OFFERED_PER_SECOND);
                    windowStart = next;
                    acceptedBefore = accepted;
                }
                tally.offered.incrementAndGet();
                if (!outstanding.tryAcquire()) {
                    tally.skipped.incrementAndGet();
                    continue;
                }
                UUID conversation = conversations.get(i % conversations.size());
                String text = "overload " + i;
                senders.submit(() -> {
                    long started = System.nanoTime();
                    try {
                        Response response = api.send(sender, conversation, text);
                        tally.record(conversation, response, Duration.ofNanos(System.nanoTime() - started));
                    } catch (RuntimeException e) {
                        tally.unexpected.merge(e.toString(), 1, Integer::sum);
                    } finally {
                        outstanding.release();
                    }
                });
            }
        }
    }

    private static boolean sequentialSendsAreFast(ApiClient api, User sender, UUID conversation, Tally tally) {
        for (int i = 0; i < SEQUENTIAL_SENDS; i++) {
            long started = System.nanoTime();
            Response response = api.send(sender, conversation, "after the overload " + i);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            tally.record(conversation, response, took);
            if (response.status() != 202 || took.compareTo(NORMAL_LATENCY) > 0) {
                return false;
            }
        }
        return true;
    }

    private static Set<UUID> missing(CassandraProbe cassandra, Tally tally) {
        Set<UUID> missing = new HashSet<>();
        tally.accepted.forEach((conversation, ids) -> {
            Set<UUID> stored = new HashSet<>(cassandra.historyMessageIds(conversation));
            ids.stream().filter(id -> !stored.contains(id)).forEach(missing::add);
        });
        return missing;
    }

    /** What the sends got back. */
    private static final class Tally {
        final Map<UUID, Queue<UUID>> accepted = new ConcurrentHashMap<>();
        final AtomicInteger shed = new AtomicInteger();
        final AtomicInteger shedWithoutRetryAfter = new AtomicInteger();
        final AtomicInteger offered = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final Map<String, Integer> unexpected = new ConcurrentHashMap<>();
        final Queue<Duration> shedLatencies = new ConcurrentLinkedQueue<>();

        void record(UUID conversation, Response response, Duration took) {
            switch (response.status()) {
                case 202 -> accepted.computeIfAbsent(conversation, c -> new ConcurrentLinkedQueue<>())
                        .add(UUID.fromString(response.json().path("message_id").asText()));
                case 503 -> {
                    shed.incrementAndGet();
                    shedLatencies.add(took);
                    boolean problem = response.contentType().startsWith("application/problem+json");
                    if (!problem || response.headers().firstValue("Retry-After").isEmpty()) {
                        shedWithoutRetryAfter.incrementAndGet();
                    }
                }
                default -> unexpected.merge(response.toString(), 1, Integer::sum);
            }
        }

        int acceptedCount() {
            return accepted.values().stream().mapToInt(Queue::size).sum();
        }

        /** The share of 503s answered within the given time. */
        double shedWithin(Duration bound) {
            return shedLatencies.stream().filter(took -> took.compareTo(bound) <= 0).count() / (double) shedLatencies.size();
        }

        @Override
        public String toString() {
            List<Duration> sorted = shedLatencies.stream().sorted().toList();
            String shedTimes = sorted.isEmpty() ? "" : " (503 in p50 " + sorted.get(sorted.size() / 2).toMillis()
                    + " ms, p99 " + sorted.get(sorted.size() * 99 / 100).toMillis() + " ms)";
            return offered + " offered, " + acceptedCount() + " accepted, " + shed + " shed" + shedTimes + ", " + skipped
                    + " skipped by the generator";
        }
    }

    /** Asks each health endpoint on a fixed period; any answer that is late, missing or not 200 is a failure. */
    private static final class HealthWatch {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_BOUND).build();
        private final List<URI> endpoints;
        /** Two checks in a row of one endpoint that failed: unanswered for over twice the bound. */
        private final Queue<String> failures = new ConcurrentLinkedQueue<>();
        /** Every failed check, for the report: one alone is a pause the liveness checks tolerate. */
        private final Queue<String> slowOnce = new ConcurrentLinkedQueue<>();
        private final Map<URI, String> lastFailure = new ConcurrentHashMap<>();
        private final AtomicLong answers = new AtomicLong();
        private final Map<URI, Long> slowestMillis = new ConcurrentHashMap<>();
        private final long startedAt = System.nanoTime();
        private volatile boolean running = true;
        private Thread thread;

        private HealthWatch(List<URI> endpoints) {
            this.endpoints = endpoints;
        }

        static HealthWatch start(List<URI> endpoints) {
            HealthWatch watch = new HealthWatch(endpoints);
            watch.thread = Thread.ofVirtual().name("health-watch").start(watch::run);
            return watch;
        }

        void stop() {
            running = false;
            try {
                thread.join(HEALTH_BOUND.multipliedBy(endpoints.size() + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            while (running) {
                for (URI endpoint : endpoints) {
                    ask(endpoint);
                }
                LockSupport.parkNanos(HEALTH_PERIOD.toNanos());
            }
        }

        private String sinceStart(long nanos) {
            return Duration.ofNanos(nanos - startedAt).toMillis() + " ms";
        }

        private void ask(URI endpoint) {
            long started = System.nanoTime();
            String failure;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).timeout(HEALTH_BOUND).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                answers.incrementAndGet();
                slowestMillis.merge(endpoint, took.toMillis(), Math::max);
                failure = response.statusCode() == 200 && took.compareTo(HEALTH_BOUND) <= 0 ? null
                        : endpoint + " answered " + response.statusCode() + " in " + took.toMillis() + " ms, "
                        + sinceStart(started) + " into the overload: " + response.body();
            } catch (Exception e) {
                failure = endpoint + " did not answer within " + HEALTH_BOUND.toMillis() + " ms, " + sinceStart(started)
                        + " into the overload: " + e;
            }
            String previous = failure == null ? lastFailure.remove(endpoint) : lastFailure.put(endpoint, failure);
            if (failure != null) {
                slowOnce.add(failure);
                if (previous != null) {
                    failures.add(previous + ", then " + failure);
                }
            }
        }
    }
}
