package io.chat4all.api.messages;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.chat4all.kit.http.ServiceWebServer;
import io.chat4all.kit.http.RouteTable;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The limit on a real server: sends beyond it are refused at once, health and other routes are not counted. */
class AcceptLimitTest {
    private static final int LIMIT = 2;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Sends wait in the handler until this opens. */
    private volatile CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger handled = new AtomicInteger();
    private WebServer server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void beyondTheLimitASendIsA503WithRetryAfterAtOnce() throws Exception {
        start(new AcceptLimit.Settings(LIMIT, LIMIT, Duration.ofSeconds(30)));
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> inFlight = List.of(clients.submit(() -> post("/send")),
                    clients.submit(() -> post("/send")));
            awaitCondition(() -> handled.get() == LIMIT);

            long started = System.nanoTime();
            HttpResponse<String> refused = post("/send");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(503, refused.statusCode());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(refused.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
            assertTrue(refused.body().contains("\"status\":503"), refused.body());
            assertTrue(tookMillis < 1_000, "refused at once, not queued: " + tookMillis + " ms");
            assertEquals(LIMIT, handled.get(), "the refused send never reached the handler");

            assertEquals(200, get("/observe/health").statusCode(), "health is not counted");
            assertEquals(200, get("/other").statusCode(), "other routes are not counted");

            release.countDown();
            for (Future<HttpResponse<String>> send : inFlight) {
                assertEquals(202, send.get(5, TimeUnit.SECONDS).statusCode());
            }
        }
        assertEquals(202, post("/send").statusCode(), "finished sends free their places");
    }

    @Test
    void slowSendsShrinkTheLimit() throws Exception {
        start(new AcceptLimit.Settings(LIMIT, 1, Duration.ofMillis(1)));
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> slow = List.of(clients.submit(() -> post("/send")),
                    clients.submit(() -> post("/send")));
            awaitCondition(() -> handled.get() == LIMIT);
            Thread.sleep(20); // both are now slower than slow-send
            release.countDown();
            for (Future<HttpResponse<String>> send : slow) {
                assertEquals(202, send.get(5, TimeUnit.SECONDS).statusCode());
            }

            release = new CountDownLatch(1);
            Future<HttpResponse<String>> oneInFlight = clients.submit(() -> post("/send"));
            awaitCondition(() -> handled.get() == LIMIT + 1);
            assertEquals(503, post("/send").statusCode(), "the limit shrank from two to one");
            release.countDown();
            assertEquals(202, oneInFlight.get(5, TimeUnit.SECONDS).statusCode());
        }
    }

    @Test
    void settingsHaveDefaultsAndRefuseNonsense() {
        assertEquals(new AcceptLimit.Settings(256, 16, Duration.ofSeconds(1)), AcceptLimit.Settings.from(config(Map.of())));
        assertEquals(new AcceptLimit.Settings(8, 8, Duration.ofSeconds(1)),
                AcceptLimit.Settings.from(config(Map.of("max-in-flight", "8"))), "the minimum is at most the maximum");
        assertEquals(new AcceptLimit.Settings(64, 4, Duration.ofSeconds(2)), AcceptLimit.Settings.from(config(Map.of(
                "max-in-flight", "64", "min-in-flight", "4", "slow-send", "PT2S"))));
        for (Map<String, String> nonsense : List.of(Map.of("max-in-flight", "0"), Map.of("min-in-flight", "300"),
                Map.of("slow-send", "PT0S"))) {
            assertThrows(IllegalStateException.class, () -> AcceptLimit.Settings.from(config(nonsense)), nonsense::toString);
        }
    }

    private void start(AcceptLimit.Settings settings) {
        AcceptLimit limit = new AcceptLimit(settings, OpenTelemetry.noop().getMeter("test"));
        server = ServiceWebServer.build(config(Map.of("host", "127.0.0.1", "port", "0")), rules -> new RouteTable(rules)
                .post("/send", limit.guard((req, res) -> {
                    handled.incrementAndGet();
                    release.await(10, TimeUnit.SECONDS);
                    res.status(Status.ACCEPTED_202).send();
                }))
                .get("/other", (req, res) -> res.send("ok"))
                .refuseOtherMethods(), List.of()).start();
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(request(path).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(10));
    }

    private static Config config(Map<String, String> values) {
        return Config.just(ConfigSources.create(values));
    }

    private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 5 s");
            Thread.sleep(10);
        }
    }
}
