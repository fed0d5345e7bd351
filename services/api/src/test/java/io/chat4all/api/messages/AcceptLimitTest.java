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

import io.chat4all.api.http.ApiWebServer;
import io.chat4all.api.http.RouteTable;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The limit on a real server: sends beyond it are refused at once, health and other routes are not counted. */
class AcceptLimitTest {
    private static final int LIMIT = 2;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(LIMIT);
    private final AtomicInteger handled = new AtomicInteger();
    private WebServer server;

    @BeforeEach
    void start() {
        AcceptLimit limit = new AcceptLimit(LIMIT, OpenTelemetry.noop().getMeter("test"));
        Config serverConfig = Config.just(ConfigSources.create(Map.of("host", "127.0.0.1", "port", "0")));
        server = ApiWebServer.build(serverConfig, rules -> new RouteTable(rules)
                .post("/send", limit.guard((req, res) -> {
                    handled.incrementAndGet();
                    entered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    res.status(Status.ACCEPTED_202).send();
                }))
                .get("/other", (req, res) -> res.send("ok"))
                .refuseOtherMethods(), List.of()).start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop();
    }

    @Test
    void beyondTheLimitASendIsA503WithRetryAfterAtOnce() throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> inFlight = List.of(clients.submit(() -> post("/send")),
                    clients.submit(() -> post("/send")));
            assertTrue(entered.await(5, TimeUnit.SECONDS), "both sends are being handled");

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
    void theLimitIsConfigurableAndMustBePositive() {
        Config messages = Config.just(ConfigSources.create(Map.of()));
        AcceptLimit.from(messages, OpenTelemetry.noop().getMeter("test"));
        assertEquals(256, AcceptLimit.DEFAULT_MAX_IN_FLIGHT);
        assertThrows(IllegalStateException.class, () -> AcceptLimit.from(
                Config.just(ConfigSources.create(Map.of("max-in-flight", "0"))), OpenTelemetry.noop().getMeter("test")));
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
}
