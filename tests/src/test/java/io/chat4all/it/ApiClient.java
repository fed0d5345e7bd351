package io.chat4all.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** A small HTTP client for the api, as a user of the public API would write it. */
public final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger USERS = new AtomicInteger();

    private final URI base;
    private final HttpClient http;

    public ApiClient(URI base) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    private ApiClient(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /** A client whose connections come from another local address (say 127.0.0.7), as another machine's would. */
    public ApiClient from(InetAddress localAddress) {
        return new ApiClient(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).localAddress(localAddress).build());
    }

    /** An HTTP answer: status, headers and the JSON body (MissingNode when the body is empty or not JSON). */
    public record Response(int status, HttpHeaders headers, JsonNode json, String body) {
        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** A registered user with a valid token. */
    public record User(UUID id, String username, String token) {
    }

    public User newUser(String prefix) {
        String username = prefix + "-" + USERS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        String password = "pw-" + UUID.randomUUID();
        Response registered = post("/auth/register", Map.of("username", username, "password", password), null);
        require(registered, 201);
        Response token = post("/auth/token", Map.of("username", username, "password", password), null);
        require(token, 200);
        return new User(UUID.fromString(registered.json().path("user_id").asText()), username,
                token.json().path("access_token").asText());
    }

    public Response login(String username, String password) {
        return post("/auth/token", Map.of("username", username, "password", password), null);
    }

    public UUID privateConversation(User a, User b) {
        Response created = post("/v1/conversations", Map.of("type", "private", "member_id", b.id().toString()), a.token());
        if (created.status() != 200 && created.status() != 201) {
            throw new AssertionError("create conversation: " + created);
        }
        return UUID.fromString(created.json().path("conversation_id").asText());
    }

    public UUID groupConversation(User admin, String name, List<User> members) {
        List<String> ids = members.stream().map(u -> u.id().toString()).toList();
        Response created = post("/v1/conversations", Map.of("type", "group", "name", name, "member_ids", ids), admin.token());
        require(created, 201);
        return UUID.fromString(created.json().path("conversation_id").asText());
    }

    public Response send(User sender, UUID conversationId, String text) {
        return post("/v1/messages", Map.of("conversation_id", conversationId.toString(), "text", text), sender.token());
    }

    /** Every message of a conversation through the paginated API, oldest first. */
    public List<JsonNode> history(User reader, UUID conversationId, int pageSize) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/v1/conversations/" + conversationId + "/messages?order=asc&limit=" + pageSize
                    + (cursor == null ? "" : "&cursor=" + cursor);
            Response page = get(path, reader.token());
            require(page, 200);
            page.json().path("items").forEach(all::add);
            JsonNode next = page.json().path("next_cursor");
            cursor = next.isTextual() ? next.asText() : null;
        } while (cursor != null);
        return all;
    }

    public Response get(String path, String token) {
        return exchange(request(path, token).GET());
    }

    public Response delete(String path, String token) {
        return exchange(request(path, token).DELETE());
    }

    public Response post(String path, Object body, String token) {
        return post(path, body, token, Map.of());
    }

    public Response post(String path, Object body, String token, Map<String, String> headers) {
        try {
            return postRaw(path, JSON.writeValueAsString(body), "application/json", token, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response postRaw(String path, String body, String contentType, String token, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, token)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return exchange(request);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), parse(response.body()), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    static Response require(Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " but got " + response);
        }
        return response;
    }
}
