package io.chat4all.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The api calls a benchmark makes to set itself up and to check results: users, tokens, conversations, JSON GETs.
 * Every exchange is bounded ({@link BoundedHttp}); an unexpected status fails the benchmark with the answer's body.
 */
final class ApiSession {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The outcome of a measured send that got no answer in time. */
    static final String TIMEOUT = "timeout";

    private final URI api;
    /** Connections kept for the measured sends unless a benchmark says otherwise. */
    static final int DEFAULT_CONNECTIONS = 256;

    private final BoundedHttp http;
    private final MeasuredSends sends;
    private final String password = "benchmark-" + UUID.randomUUID();

    ApiSession(URI api, Duration requestTimeout) {
        this(api, requestTimeout, DEFAULT_CONNECTIONS);
    }

    /** @param maxConnections connections the measured sends keep alive at most (the generator bounds them in flight) */
    ApiSession(URI api, Duration requestTimeout, int maxConnections) {
        this.api = api;
        this.http = new BoundedHttp(Duration.ofSeconds(5), requestTimeout);
        this.sends = new MeasuredSends(api, requestTimeout, maxConnections);
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

    /** One sender in private conversations with {@code count} new peers; each peer's token reads its history. */
    record Audience(User sender, List<UUID> conversations, List<String> readerTokens) {
    }

    Audience newAudience(String prefix, int count) throws Exception {
        return newAudience(prefix, count, false);
    }

    /**
     * @param whatsAppPeers whether each peer links a WhatsApp number (a fresh one), so the router hands their messages
     *                      to the WhatsApp connector and they reach DELIVERED through the simulated provider
     */
    Audience newAudience(String prefix, int count, boolean whatsAppPeers) throws Exception {
        User sender = newUser(prefix + "-sender");
        List<UUID> conversations = new java.util.ArrayList<>();
        List<String> readerTokens = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            User peer = newUser(prefix + "-peer-" + i);
            if (whatsAppPeers) {
                call(post("/v1/users/me/identities", Map.of("channel", "whatsapp", "address", phone()), peer.token()),
                        201);
            }
            conversations.add(createPrivateConversation(sender, peer));
            readerTokens.add(peer.token());
        }
        return new Audience(sender, List.copyOf(conversations), List.copyOf(readerTokens));
    }

    /** A Brazilian mobile number nobody else in this run has (E.164). */
    private static String phone() {
        long digits = Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 1_000_000_000L);
        return String.format("+5511%09d", digits);
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

    /** A measured send's outcome: the HTTP status ("202", "503", ...), {@link #TIMEOUT} or "error: ..."; the id. */
    record Sent(String outcome, Optional<UUID> messageId) {
        static Sent failed(String outcome) {
            return new Sent(outcome, Optional.empty());
        }
    }

    /** One measured send, with the accepted message's id. Never throws: every outcome is counted. */
    Sent send(String token, UUID conversation, String text) {
        return sends.send(token, conversation, text);
    }

    /** One measured send's outcome ({@link #send}). */
    String sendMessage(String token, UUID conversation, String text) {
        return send(token, conversation, text).outcome();
    }

    /**
     * Polls every conversation's history until it holds all its accepted messages ({@code expected}, by index);
     * returns the {@code System.nanoTime()} when it did, or -1 after {@code timeout}.
     */
    long awaitAllStored(List<UUID> conversationIds, List<String> readerTokens, AtomicInteger[] expected,
                        Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean[] complete = new boolean[conversationIds.size()];
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int i = 0; i < conversationIds.size(); i++) {
                if (!complete[i]) {
                    complete[i] = countHistory(conversationIds.get(i), readerTokens.get(i)) >= expected[i].get();
                    all &= complete[i];
                }
            }
            if (all) {
                return System.nanoTime();
            }
            Thread.sleep(50); // polling an external system: there is no event to wait on
        }
        return -1;
    }

    private int countHistory(UUID conversation, String token) throws Exception {
        int count = 0;
        String cursor = null;
        do {
            JsonNode page = get("/v1/conversations/" + conversation + "/messages?limit=100"
                    + (cursor == null ? "" : "&cursor=" + cursor), token);
            count += page.path("items").size();
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        return count;
    }

    /** For the measured sends: the bounded client itself, so the caller sorts timeouts from other outcomes. */
    BoundedHttp http() {
        return http;
    }
}
