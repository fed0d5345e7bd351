package io.chat4all.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Channel;

import static io.chat4all.it.ApiClient.require;

/**
 * The provider simulator as the tests drive it (ADR 0003): faults and receipt settings per channel, what it recorded
 * per message, its counters, and inbound messages from platform users. Settings are shared by every test of the run:
 * a test that changes them resets them in {@code @AfterEach}.
 */
final class ProviderSim {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ProviderSim(URI base) {
        this.base = base;
    }

    /** {@code PUT /admin/channels/{channel}/faults}: fields left out take their configured values. */
    void faults(Channel channel, Map<String, ?> faults) {
        require(exchange("PUT", "/admin/channels/" + channel.wireName() + "/faults", faults), 200);
    }

    /** {@code PUT /admin/channels/{channel}/receipts}: fields left out take their configured values. */
    void receipts(Channel channel, Map<String, ?> receipts) {
        require(exchange("PUT", "/admin/channels/" + channel.wireName() + "/receipts", receipts), 200);
    }

    /** Configured faults and receipts again on every channel. */
    void reset() {
        for (Channel channel : Channel.values()) {
            require(exchange("DELETE", "/admin/channels/" + channel.wireName() + "/faults", null), 200);
            require(exchange("DELETE", "/admin/channels/" + channel.wireName() + "/receipts", null), 200);
        }
    }

    /** {@code GET /v1/{channel}/messages/{id}}: what became of each recipient; empty before any send request for it. */
    Optional<JsonNode> message(Channel channel, UUID messageId) {
        ApiClient.Response report = exchange("GET", "/v1/" + channel.wireName() + "/messages/" + messageId, null);
        if (report.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(require(report, 200).json());
    }

    /** The one recipient of a message's send requests on the channel, or null before any. */
    JsonNode onlyRecipient(Channel channel, UUID messageId) {
        return message(channel, messageId).map(report -> {
            if (report.path("recipients").size() != 1) {
                throw new AssertionError("expected one recipient: " + report);
            }
            return report.path("recipients").get(0);
        }).orElse(null);
    }

    JsonNode stats(Channel channel) {
        return require(exchange("GET", "/admin/channels/" + channel.wireName() + "/stats", null), 200).json();
    }

    /** A platform user at {@code from} writes to the Chat4All user {@code toUser}; the provider's message id. */
    String inbound(Channel channel, String from, String toUser, String text) {
        ApiClient.Response accepted = require(exchange("POST", "/admin/channels/" + channel.wireName() + "/inbound",
                Map.of("from", from, "to_user", toUser, "text", text)), 202);
        return accepted.json().path("provider_message_id").asText();
    }

    private ApiClient.Response exchange(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? ApiClient.JSON.missingNode() : ApiClient.JSON.readTree(response.body());
            return new ApiClient.Response(response.statusCode(), response.headers(), json, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
