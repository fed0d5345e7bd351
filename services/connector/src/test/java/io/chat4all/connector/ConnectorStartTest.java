package io.chat4all.connector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.kit.http.Json;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole connector wired from config alone, without a Kafka broker: what its health says. */
class ConnectorStartTest {
    @Test
    void healthReportsTheConsumerKafkaAndTheBreaker() throws Exception {
        Map<String, String> keys = new HashMap<>(Map.of("server.host", "127.0.0.1", "server.port", "0",
                "kafka.servers", "127.0.0.1:1", "connector.channel", "whatsapp",
                "connector.webhook-secret", new String(TestSettings.SECRET, StandardCharsets.UTF_8)));
        try (Connector connector = Connector.start(Config.just(ConfigSources.create(keys)))) {
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> live = get(http, connector.port(), "/observe/health/live");
            HttpResponse<String> ready = get(http, connector.port(), "/observe/health/ready");

            assertEquals(200, live.statusCode(), live.body());
            assertEquals(503, ready.statusCode(), "no broker: " + ready.body());
            JsonNode checks = Json.MAPPER.readTree(ready.body()).path("checks");
            assertEquals("DOWN", check(checks, "kafka").path("status").asText());
            JsonNode provider = check(checks, "provider");
            assertEquals("UP", provider.path("status").asText(), "an unavailable provider never makes it unready");
            assertEquals("CLOSED", provider.path("data").path("breaker").asText());
            assertEquals(0, provider.path("data").path("breaker_opened").asInt());
            assertTrue(check(checks, "consumer").path("data").has("fetching_held"), ready.body());
        }
    }

    @Test
    void refusesToStartWithoutAWebhookSecret() {
        Map<String, String> keys = Map.of("server.port", "0", "connector.channel", "whatsapp");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Connector.start(Config.just(ConfigSources.create(keys))));

        assertTrue(e.getMessage().startsWith("connector.webhook-secret (env CONNECTOR_WEBHOOK_dash_SECRET) is required"),
                e.getMessage());
    }

    private static JsonNode check(JsonNode checks, String name) {
        for (JsonNode check : checks) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + checks);
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
