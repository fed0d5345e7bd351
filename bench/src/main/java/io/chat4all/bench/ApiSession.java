package io.chat4all.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The api calls a benchmark makes to set itself up and to check results: users, tokens, conversations, JSON GETs.
 * Every exchange is bounded ({@link BoundedHttp}); an unexpected status fails the benchmark with the answer's body.
 */
final class ApiSession {
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final BoundedHttp http;
    private final String password = "benchmark-" + UUID.randomUUID();

    ApiSession(URI api, Duration requestTimeout) {
        this.api = api;
        this.http = new BoundedHttp(Duration.ofSeconds(5), requestTimeout);
    }

    /** A new user, registered and logged in. */
    record User(String id, String username, String token) {
    }

    User newUser(String prefix) throws Exception {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode user = call(post("/auth/register", Map.of("username", username, "password", password), null), 201);
        String token = call(post("/auth/token", Map.of("username", username, "password", password), null), 200)
                .path("access_token").asText();
        return new User(user.path("user_id").asText(), username, token);
    }

    UUID createPrivateConversation(User owner, User peer) throws Exception {
        JsonNode conversation = call(post("/v1/conversations", Map.of("type", "private", "member_id", peer.id()),
                owner.token()), 201);
        return UUID.fromString(conversation.path("conversation_id").asText());
    }

    JsonNode get(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.resolve(path))
                .header("Authorization", "Bearer " + token).GET().build();
        return call(request, 200);
    }

    /** The JSON at {@code path}, or empty while it answers 404 (not stored yet). */
    Optional<JsonNode> getIfFound(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.resolve(path))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + request.uri() + " -> " + response.statusCode() + " " + response.body());
        }
        return Optional.of(JSON.readTree(response.body()));
    }

    HttpRequest post(String path, Object body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    JsonNode call(HttpRequest request, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + response.statusCode()
                    + " " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** For the measured sends: the bounded client itself, so the caller sorts timeouts from other outcomes. */
    BoundedHttp http() {
        return http;
    }
}
