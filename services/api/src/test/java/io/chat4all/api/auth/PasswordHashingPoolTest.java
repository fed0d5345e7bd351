package io.chat4all.api.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.chat4all.kit.http.ApiProblem;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHashingPoolTest {

    @Test
    void workRunsOnThePoolsOwnPlatformThreads() {
        try (PasswordHashingPool pool = pool(1, 0)) {
            Thread caller = Thread.currentThread();
            Thread worker = pool.run(Thread::currentThread);
            assertNotEquals(caller, worker);
            assertFalse(worker.isVirtual(), "bcrypt must not hold a virtual thread's carrier");
        }
    }

    @Test
    void aFullPoolIsA503WithRetryAfterAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (PasswordHashingPool pool = pool(1, 0); ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = occupyTheThread(pool, callers, release);

            ApiProblem refused = assertTimeoutPreemptively(Duration.ofMillis(500),
                    () -> assertThrows(ApiProblem.class, () -> pool.run(() -> "second")));
            assertEquals(503, refused.status().code());
            assertEquals("1", refused.headers().get("Retry-After"));
            assertEquals("urn:chat4all:problem:unavailable", refused.body().type());

            release.countDown();
            assertEquals("first", first.get(5, TimeUnit.SECONDS));
            // The worker completes the first future a moment before it is back in the pool: poll until it is.
            assertEquals("again", runOnceFree(pool, () -> "again"), "a freed pool takes work again");
        }
    }

    @Test
    void theQueueLetsAFewWaitForAThread() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (PasswordHashingPool pool = pool(1, 1); ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = occupyTheThread(pool, callers, release);
            Future<String> waiting = callers.submit(() -> pool.run(() -> "waited"));
            release.countDown();
            assertEquals("first", first.get(5, TimeUnit.SECONDS));
            assertEquals("waited", waiting.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void theWorksOwnExceptionReachesTheCaller() {
        try (PasswordHashingPool pool = pool(1, 0)) {
            IllegalArgumentException thrown = new IllegalArgumentException("bad hash");
            assertSame(thrown, assertThrows(IllegalArgumentException.class, () -> pool.run(() -> {
                throw thrown;
            })));
        }
    }

    @Test
    void settingsHaveDefaultsAndRefuseNonsense() {
        PasswordHashingPool.Settings defaults = PasswordHashingPool.Settings.from(config(Map.of()));
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), defaults.threads());
        assertEquals(8, defaults.queue());
        assertEquals(new PasswordHashingPool.Settings(3, 0),
                PasswordHashingPool.Settings.from(config(Map.of("threads", "3", "queue", "0"))));
        assertThrows(IllegalStateException.class, () -> PasswordHashingPool.Settings.from(config(Map.of("threads", "0"))));
        assertThrows(IllegalStateException.class, () -> PasswordHashingPool.Settings.from(config(Map.of("queue", "-1"))));
    }

    static PasswordHashingPool pool(int threads, int queue) {
        return new PasswordHashingPool(new PasswordHashingPool.Settings(threads, queue), OpenTelemetry.noop().getMeter("test"));
    }

    private static Config config(Map<String, String> values) {
        return Config.just(ConfigSources.create(values));
    }

    /** Keeps the pool's only thread busy until {@code release} opens; the future gives "first" then. */
    private static Future<String> occupyTheThread(PasswordHashingPool pool, ExecutorService callers, CountDownLatch release)
            throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Future<String> first = callers.submit(() -> pool.run(() -> {
            running.countDown();
            await(release);
            return "first";
        }));
        assertTrue(running.await(5, TimeUnit.SECONDS));
        return first;
    }

    private static <T> T runOnceFree(PasswordHashingPool pool, Supplier<T> work) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                return pool.run(work);
            } catch (ApiProblem busy) {
                if (System.nanoTime() > deadline) {
                    throw busy;
                }
                Thread.onSpinWait();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
