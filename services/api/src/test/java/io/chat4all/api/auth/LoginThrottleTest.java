package io.chat4all.api.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import io.chat4all.kit.http.ApiProblem;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginThrottleTest {
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final ClientAddress HOME = new ClientAddress("192.0.2.1");
    private static final ClientAddress CAFE = new ClientAddress("198.51.100.7");

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    @Test
    void aUsernameIsThrottledAfterItsFailuresFromAnyAddress() {
        LoginThrottle throttle = throttle(3, 100);
        throttle.recordFailure("alice", HOME);
        advance(Duration.ofMinutes(1));
        throttle.recordFailure("alice", CAFE);
        throttle.check("alice", HOME);
        throttle.recordFailure("alice", HOME);

        ApiProblem refused = assertThrows(ApiProblem.class, () -> throttle.check("alice", new ClientAddress("203.0.113.9")));
        assertEquals(429, refused.status().code());
        assertEquals("urn:chat4all:problem:too-many-requests", refused.body().type());
        assertEquals("540", refused.headers().get("Retry-After"), "the window opened with the first failure");
        assertTrue(refused.getMessage().contains("username"), refused.getMessage());
        assertDoesNotThrow(() -> throttle.check("bob", HOME), "other usernames are not throttled");
    }

    @Test
    void anAddressIsThrottledAfterItsFailuresWhateverTheUsernames() {
        LoginThrottle throttle = throttle(100, 3);
        throttle.recordFailure("alice", HOME);
        throttle.recordFailure("bob", HOME);
        throttle.recordFailure("carol", HOME);

        ApiProblem refused = assertThrows(ApiProblem.class, () -> throttle.check("dave", HOME));
        assertEquals(429, refused.status().code());
        assertEquals("600", refused.headers().get("Retry-After"));
        assertTrue(refused.getMessage().contains("address"), refused.getMessage());
        assertDoesNotThrow(() -> throttle.check("dave", CAFE), "other addresses are not throttled");
    }

    @Test
    void theWindowsEndLiftsTheThrottleAndCountingStartsAfresh() {
        LoginThrottle throttle = throttle(2, 100);
        throttle.recordFailure("alice", HOME);
        throttle.recordFailure("alice", HOME);
        assertThrows(ApiProblem.class, () -> throttle.check("alice", HOME));

        advance(WINDOW);
        assertDoesNotThrow(() -> throttle.check("alice", HOME));
        throttle.recordFailure("alice", HOME);
        assertDoesNotThrow(() -> throttle.check("alice", HOME), "one failure in the new window");
    }

    @Test
    void retryAfterIsRoundedUpAndTheLongestWaitWhenBothAreThrottled() {
        LoginThrottle throttle = throttle(1, 2);
        throttle.recordFailure("alice", HOME);
        advance(Duration.ofSeconds(30).plusMillis(500));
        throttle.recordFailure("bob", HOME);
        assertEquals("570", assertThrows(ApiProblem.class, () -> throttle.check("alice", CAFE)).headers().get("Retry-After"),
                "569.5 s rounded up");
        assertEquals("600", assertThrows(ApiProblem.class, () -> throttle.check("bob", HOME)).headers().get("Retry-After"),
                "bob's window (600 s) outlasts the address's (569.5 s)");
    }

    @Test
    void memoryIsBoundedWhateverKeysArrive() {
        FailureWindows windows = new FailureWindows(5, WINDOW, 100, ticker);
        for (int i = 0; i < 10_000; i++) {
            windows.record("user-" + i);
        }
        assertTrue(windows.tracked() <= 100, () -> windows.tracked() + " keys tracked");

        FailureWindows forLongKeys = new FailureWindows(5, WINDOW, 100, ticker);
        for (int i = 0; i < 100; i++) {
            forLongKeys.record(i + "x".repeat(64 * 20));
        }
        assertTrue(forLongKeys.tracked() <= 5, () -> forLongKeys.tracked() + " long keys tracked");
    }

    @Test
    void settingsHaveDefaultsAndRefuseNonsense() {
        assertEquals(new LoginThrottle.Settings(5, 100, Duration.ofMinutes(15), 10_000), LoginThrottle.Settings.from(config(Map.of())));
        assertEquals(new LoginThrottle.Settings(3, 30, Duration.ofMinutes(1), 99), LoginThrottle.Settings.from(config(Map.of(
                "max-failures-per-username", "3", "max-failures-per-address", "30", "window", "PT1M", "max-tracked", "99"))));
        assertThrows(IllegalStateException.class,
                () -> LoginThrottle.Settings.from(config(Map.of("max-failures-per-username", "0"))));
        assertThrows(IllegalStateException.class, () -> LoginThrottle.Settings.from(config(Map.of("window", "PT0S"))));
    }

    private LoginThrottle throttle(int perUsername, int perAddress) {
        return new LoginThrottle(new LoginThrottle.Settings(perUsername, perAddress, WINDOW, 1_000), ticker,
                OpenTelemetry.noop().getMeter("test"));
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private static Config config(Map<String, String> values) {
        return Config.just(ConfigSources.create(values));
    }
}
