package io.chat4all.providersim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/** A real simulator on a free loopback port, with no latency and fast webhook retries, and a client for it. */
final class SimulatorUnderTest implements AutoCloseable {
    static final String SECRET = "test-webhook-secret-of-at-least-32-bytes";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ProviderSim sim;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A response with its body read as JSON (null when empty). */
    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    SimulatorUnderTest(Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("server.host", "127.0.0.1");
        config.put("server.port", "0");
        config.put("provider.webhook-secret", SECRET);
        config.put("provider.seed", "42");
        config.put("provider.webhook-delivery.retry-delay", "PT0.02S");
        config.put("provider.webhook-delivery.retry-max-delay", "PT0.1S");
        for (String channel : new String[] {"whatsapp", "instagram"}) {
            config.put("provider.channels." + channel + ".faults.latency.median-ms", "0");
            config.put("provider.channels." + channel + ".faults.latency.p99-ms", "0");
            config.put("provider.channels." + channel + ".receipts.delivered-delay", "PT0S");
            config.put("provider.channels." + channel + ".receipts.read-delay", "PT0S");
        }
        config.putAll(overrides);
        sim = ProviderSim.start(Config.just(ConfigSources.create(config)));
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer put(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    /** The answer of a send of {@code text} by {@code messageId} to {@code to} on {@code channel}. */
    Answer sendMessage(String channel, String messageId, String to) throws IOException, InterruptedException {
        return post("/v1/" + channel + "/messages",
                "{\"message_id\":\"" + messageId + "\",\"to\":\"" + to + "\",\"text\":\"hello\"}");
    }

    JsonNode stats(String channel) throws IOException, InterruptedException {
        return get("/admin/channels/" + channel + "/stats").body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + path)).timeout(Duration.ofSeconds(10));
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? null : MAPPER.readTree(response.body());
        return new Answer(response.statusCode(), body, response);
    }

    @Override
    public void close() {
        sim.close();
        client.close();
    }
}
