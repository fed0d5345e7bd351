package io.chat4all.connector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chat4all.kit.http.Json;

/**
 * A provider over real HTTP (the JDK's server) for unit tests: {@code POST /v1/<channel>/messages} answers by its
 * current mode, and, like the real one, is idempotent on {@code (message_id, to)}: a repeat of an accepted message is
 * answered as a duplicate and not counted as sent again.
 */
final class FakeProvider implements AutoCloseable {
    enum Mode { ACCEPT, UNAVAILABLE, REJECT }

    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> duplicates = new ConcurrentHashMap<>();
    private volatile Mode mode = Mode.ACCEPT;

    FakeProvider(String channel) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/" + channel + "/messages", this::answer);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    /** Every request body received, in order. */
    List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    long requestsFor(String messageId) {
        return requests.stream().filter(r -> r.path("message_id").asText().equals(messageId)).count();
    }

    /** How often the message was sent for real (accepted for the first time): 1 at most, if the connector is right. */
    int sent(String messageId) {
        return sends.getOrDefault(messageId, new AtomicInteger()).get();
    }

    int duplicates(String messageId) {
        return duplicates.getOrDefault(messageId, new AtomicInteger()).get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(body);
            String id = body.path("message_id").asText();
            switch (mode) {
                case UNAVAILABLE -> {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    send(exchange, 503, "{\"error\":\"unavailable\"}");
                }
                case REJECT -> send(exchange, 422, "{\"error\":\"rejected\",\"detail\":\"recipient blocked the sender\"}");
                case ACCEPT -> {
                    boolean duplicate = sends.computeIfAbsent(id, k -> new AtomicInteger()).getAndUpdate(n -> 1) == 1;
                    if (duplicate) {
                        duplicates.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    }
                    send(exchange, 200, "{\"provider_message_id\":\"p-" + id + "\",\"duplicate\":" + duplicate + "}");
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
