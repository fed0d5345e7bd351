package io.chat4all.providersim;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook endpoint for tests: a real HTTP server on a free loopback port that records every POST (body and
 * signature header), and answers the first {@link #failNext(int, int)} of them with an error.
 */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One POST as received. */
    record Delivery(String path, byte[] body, String signature) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("webhook body is not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Delivery> accepted = new LinkedBlockingQueue<>();
    private final List<Delivery> refused = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failureStatus = 500;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Delivery delivery = new Delivery(exchange.getRequestURI().getPath(), body,
                    exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"));
            boolean fail = failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            if (fail) {
                synchronized (refused) {
                    refused.add(delivery);
                }
            } else {
                accepted.add(delivery);
            }
            exchange.sendResponseHeaders(fail ? failureStatus : 200, -1);
            exchange.close();
        });
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The next {@code count} webhooks are answered {@code status} and recorded as refused, not accepted. */
    void failNext(int count, int status) {
        failureStatus = status;
        failures.set(count);
    }

    /** The next accepted webhook, waiting at most {@code timeout}. */
    Delivery next(Duration timeout) throws InterruptedException {
        Delivery delivery = accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (delivery == null) {
            throw new AssertionError("no webhook arrived within " + timeout);
        }
        return delivery;
    }

    /** An accepted webhook if one arrives within {@code timeout}, else null. */
    Delivery poll(Duration timeout) throws InterruptedException {
        return accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<Delivery> refused() {
        synchronized (refused) {
            return List.copyOf(refused);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
