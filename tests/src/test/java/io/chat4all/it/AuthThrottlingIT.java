package io.chat4all.it;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.chat4all.it.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static io.chat4all.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logins cannot be used to guess passwords at speed nor to exhaust the machine: failed logins are throttled per
 * username and per client address (429), and bcrypt work beyond what the hashing pool holds is refused (503).
 * Each test logs in from its own loopback address (127.0.0.x), so its failures count against nobody else's.
 */
@ExtendWith(TestStack.class)
class AuthThrottlingIT {
    /** The api's defaults ({@code auth.login-throttle}), which the test stack runs with. */
    private static final int MAX_FAILURES_PER_USERNAME = 5;
    private static final int MAX_FAILURES_PER_ADDRESS = 100;
    private static final long WINDOW_SECONDS = 15 * 60;
    private static final int CONCURRENT_LOGINS = 40;

    @Test
    void aUsernameIsThrottledAfterItsFailedLogins(ApiClient api) {
        ApiClient guesser = api.from(loopback(11));
        String username = register(api, "victim", "correct-horse-battery");
        for (int i = 0; i < MAX_FAILURES_PER_USERNAME; i++) {
            assertProblem(guesser.login(username, "guess-" + i), 401);
        }

        assertThrottled(guesser.login(username, "one-guess-more"), "username");
        assertThrottled(api.login(username, "correct-horse-battery"), "username");
        require(api.login(register(api, "bystander", "another-password"), "another-password"), 200);
    }

    @Test
    void anAddressIsThrottledAfterItsFailedLoginsWhateverTheUsernames(ApiClient api) {
        ApiClient guesser = api.from(loopback(12));
        for (int i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
            assertProblem(guesser.login("nobody-" + UUID.randomUUID(), "guess-" + i), 401);
        }

        String username = register(api, "alice", "correct-horse-battery");
        assertThrottled(guesser.login(username, "correct-horse-battery"), "address");
        require(api.login(username, "correct-horse-battery"), 200);
    }

    @Test
    void loginsBeyondWhatTheHashingPoolHoldsAreRefusedWith503(ApiClient api) throws Exception {
        ApiClient crowd = api.from(loopback(13));
        String username = register(api, "popular", "correct-horse-battery");
        Callable<Response> login = () -> crowd.login(username, "correct-horse-battery");

        List<Future<Response>> logins;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            logins = IntStream.range(0, CONCURRENT_LOGINS).mapToObj(i -> clients.submit(login)).toList();
        }
        List<Response> answers = logins.stream().map(Future::resultNow).toList();

        List<Response> refused = answers.stream().filter(answer -> answer.status() == 503).toList();
        assertTrue(refused.size() > 0, "bcrypt work beyond the pool is refused, not queued");
        assertTrue(refused.size() < CONCURRENT_LOGINS, "the pool still serves what it holds");
        for (Response answer : answers) {
            if (answer.status() == 503) {
                assertProblem(answer, 503);
                assertEquals("urn:chat4all:problem:unavailable", answer.json().path("type").asText());
                assertTrue(answer.headers().firstValue("Retry-After").isPresent(), answer::toString);
            } else {
                assertEquals("Bearer", require(answer, 200).json().path("token_type").asText());
            }
        }
        require(crowd.login(username, "correct-horse-battery"), 200);
    }

    private static void assertThrottled(Response response, String reason) {
        assertProblem(response, 429);
        assertEquals("urn:chat4all:problem:too-many-requests", response.json().path("type").asText());
        assertTrue(response.json().path("detail").asText().contains(reason), response::toString);
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= WINDOW_SECONDS, response::toString);
    }

    private static String register(ApiClient api, String prefix, String password) {
        String username = prefix + "-" + Long.toHexString(System.nanoTime());
        require(api.post("/auth/register", Map.of("username", username, "password", password), null), 201);
        return username;
    }

    /** 127.0.0.{last}: on Linux the whole 127/8 is the loopback interface, so a client can connect from it. */
    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
