package io.chat4all.api.auth;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Ticker;
import io.chat4all.kit.http.ApiProblem;
import io.helidon.config.Config;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * Slows password guessing down: once a username, or a client address, has had its allowed failed logins within a
 * window, its logins are refused with 429 and {@code Retry-After} until the window ends, before the user is looked up
 * or any bcrypt work is spent. The correct password is refused too while it lasts, or throttling would tell a guesser
 * when it had guessed right.
 *
 * <p>Unknown usernames are counted like known ones, so throttling does not tell which usernames exist. Logins already
 * verifying when a limit is reached still count, so a burst may pass a limit by what the {@link PasswordHashingPool}
 * holds at once. Counts live in this api instance's memory (bounded): behind a load balancer, each instance counts
 * its own share.
 */
public final class LoginThrottle {
    private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
    private static final Attributes BY_USERNAME = Attributes.of(REASON, "username");
    private static final Attributes BY_ADDRESS = Attributes.of(REASON, "address");

    private final FailureWindows byUsername;
    private final FailureWindows byAddress;
    private final LongCounter failedLogins;
    private final LongCounter throttledLogins;

    /**
     * The {@code auth.login-throttle} config node.
     *
     * @param maxFailuresPerUsername failed logins a username may have in a window
     *                               ({@code max-failures-per-username}, default 5)
     * @param maxFailuresPerAddress  failed logins a client address may have in a window
     *                               ({@code max-failures-per-address}, default 100)
     * @param window                 how long counting lasts from a key's first failure ({@code window}, default 15 min)
     * @param maxTracked             usernames, and addresses, remembered at most ({@code max-tracked}, default 10,000)
     */
    public record Settings(int maxFailuresPerUsername, int maxFailuresPerAddress, Duration window, long maxTracked) {
        static final int DEFAULT_MAX_FAILURES_PER_USERNAME = 5;
        static final int DEFAULT_MAX_FAILURES_PER_ADDRESS = 100;
        static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
        static final long DEFAULT_MAX_TRACKED = 10_000;

        public static Settings from(Config throttle) {
            Settings settings = new Settings(
                    throttle.get("max-failures-per-username").asInt().orElse(DEFAULT_MAX_FAILURES_PER_USERNAME),
                    throttle.get("max-failures-per-address").asInt().orElse(DEFAULT_MAX_FAILURES_PER_ADDRESS),
                    throttle.get("window").as(Duration.class).orElse(DEFAULT_WINDOW),
                    throttle.get("max-tracked").asLong().orElse(DEFAULT_MAX_TRACKED));
            if (settings.maxFailuresPerUsername < 1 || settings.maxFailuresPerAddress < 1 || settings.maxTracked < 1
                    || settings.window.isNegative() || settings.window.isZero()) {
                throw new IllegalStateException("auth.login-throttle needs positive limits and window, got " + settings);
            }
            return settings;
        }
    }

    public LoginThrottle(Settings settings, Ticker ticker, Meter meter) {
        this.byUsername = new FailureWindows(settings.maxFailuresPerUsername(), settings.window(), settings.maxTracked(),
                ticker);
        this.byAddress = new FailureWindows(settings.maxFailuresPerAddress(), settings.window(), settings.maxTracked(),
                ticker);
        this.failedLogins = meter.counterBuilder("chat4all.auth.login.failures")
                .setDescription("Failed logins: unknown username or wrong password")
                .setUnit("{login}")
                .build();
        this.throttledLogins = meter.counterBuilder("chat4all.auth.login.throttled")
                .setDescription("Logins refused with 429 because the username (reason=username) or the client address"
                        + " (reason=address) had too many failed logins")
                .setUnit("{login}")
                .build();
    }

    /** A 429 {@link ApiProblem} when the username or the client has no failed login left in its window. */
    public void check(String username, ClientAddress client) {
        Optional<Duration> usernameWait = byUsername.exhausted(username);
        Optional<Duration> clientWait = byAddress.exhausted(client.key());
        if (usernameWait.isEmpty() && clientWait.isEmpty()) {
            return;
        }
        throttledLogins.add(1, usernameWait.isPresent() ? BY_USERNAME : BY_ADDRESS);
        Duration wait = longest(usernameWait.orElse(Duration.ZERO), clientWait.orElse(Duration.ZERO));
        throw ApiProblem.tooManyRequests(usernameWait.isPresent()
                ? "too many failed logins for this username; retry later"
                : "too many failed logins from this address; retry later", wait);
    }

    public void recordFailure(String username, ClientAddress client) {
        failedLogins.add(1);
        byUsername.record(username);
        byAddress.record(client.key());
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
