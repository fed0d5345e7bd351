package io.chat4all.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server that answers, refuses, or hangs before or in the middle of its answer. */
class HealthProbeTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** A hung server must cost the probe its timeout, plus scheduling slack, never more. */
    private static final Duration BOUND = TIMEOUT.plusSeconds(2);

    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final HealthProbe probe = new HealthProbe(TIMEOUT);
    /** For answers: a cold JVM's first exchange may take longer than {@link #TIMEOUT} on a busy machine. */
    private final HealthProbe patient = new HealthProbe(Duration.ofSeconds(10));
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/up", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/down", exchange -> respond(exchange, 503, "{\"status\":\"DOWN\",\n \"checks\":[]}"));
        server.createContext("/silent", exchange -> hang());
        server.createContext("/half", exchange -> {
            exchange.sendResponseHeaders(200, 100);
            exchange.getResponseBody().write('{');
            exchange.getResponseBody().flush();
            hang();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        released.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void twoHundredIsHealthy() {
        assertEquals(new HealthProbe.Result(HealthProbe.Outcome.HEALTHY, "200"), patient.check(uri("/up")));
    }

    @Test
    void anotherStatusIsUnhealthyWithTheBodyOnOneLine() {
        HealthProbe.Result result = patient.check(uri("/down"));

        assertEquals(HealthProbe.Outcome.UNHEALTHY, result.outcome());
        assertEquals("unhealthy: 503 {\"status\":\"DOWN\", \"checks\":[]}", result.toString());
    }

    @Test
    void aServerThatNeverAnswersCostsTheTimeoutOnly() {
        assertNotAnsweringInTime("/silent");
    }

    @Test
    void aServerThatStopsInTheMiddleOfItsBodyCostsTheTimeoutOnly() {
        assertNotAnsweringInTime("/half");
    }

    @Test
    void aClosedPortIsNotAnswering() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertEquals(new HealthProbe.Result(HealthProbe.Outcome.NOT_ANSWERING, "connection refused"),
                patient.check(URI.create("http://127.0.0.1:" + closedPort + "/observe/health")));
    }

    private void assertNotAnsweringInTime(String path) {
        long started = System.nanoTime();
        HealthProbe.Result result = probe.check(uri(path));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(new HealthProbe.Result(HealthProbe.Outcome.NOT_ANSWERING, "no answer within 0.5 s"), result);
        assertTrue(took.compareTo(BOUND) < 0, "took " + took);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void hang() {
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
