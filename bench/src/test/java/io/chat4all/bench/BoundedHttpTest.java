package io.chat4all.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server that answers, or hangs before or in the middle of its answer. */
class BoundedHttpTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** A hung server costs the timeout, plus scheduling slack, never more. */
    private static final Duration BOUND = TIMEOUT.plusSeconds(2);

    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final BoundedHttp http = new BoundedHttp(Duration.ofSeconds(1), TIMEOUT);
    /** For answers: a cold JVM's first exchange may take longer than {@link #TIMEOUT} on a busy machine. */
    private final BoundedHttp patient = new BoundedHttp(Duration.ofSeconds(10), Duration.ofSeconds(10));
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/accepted", exchange -> {
            byte[] body = "{\"status\":\"ACCEPTED\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
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
    void anAnswerInTimeIsReturnedWhole() throws Exception {
        HttpResponse<String> response = patient.send(get("/accepted"), HttpResponse.BodyHandlers.ofString());

        assertEquals(202, response.statusCode());
        assertEquals("{\"status\":\"ACCEPTED\"}", response.body());
    }

    @Test
    void aServerThatNeverAnswersIsATimeoutAfterTheTimeoutOnly() {
        assertTimesOut(get("/silent"), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void aServerThatStallsInTheMiddleOfItsBodyIsATimeoutAfterTheTimeoutOnly() {
        assertTimesOut(get("/half"), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRefusedConnectionIsAnErrorWithItsCauseNotATimeout() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/")).build();

        IOException failure = assertThrows(IOException.class,
                () -> patient.send(request, HttpResponse.BodyHandlers.discarding()));

        assertTrue(failure.getCause() instanceof ConnectException, String.valueOf(failure.getCause()));
    }

    private <T> void assertTimesOut(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        long started = System.nanoTime();
        HttpTimeoutException timeout = assertThrows(HttpTimeoutException.class, () -> http.send(request, body));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals("GET " + request.uri() + ": no answer within 300 ms", timeout.getMessage());
        assertTrue(took.compareTo(BOUND) < 0, "took " + took);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path)).build();
    }

    private void hang() {
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
