package io.chat4all.api;

import io.chat4all.kit.http.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.api.auth.AuthSettings;
import io.chat4all.api.auth.BearerAuthentication;
import io.chat4all.api.auth.JwtTokens;
import io.chat4all.api.messages.HistoryQuery;
import io.chat4all.api.messages.SendMessageRequest;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP plumbing every route shares, on a real server with small stand-in routes: body limits, content types,
 * JSON errors, authentication, unknown routes and methods, and our own faults, all answered in problem+json.
 */
class ApiServerRequestsTest {
    private static final int MAX_PAYLOAD = 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static WebServer server;
    private static JwtTokens tokens;

    @BeforeAll
    static void start() {
        Config serverConfig = Config.just(ConfigSources.create(Map.of(
                "host", "127.0.0.1", "port", "0", "max-payload-size", String.valueOf(MAX_PAYLOAD))));
        tokens = new JwtTokens(new AuthSettings("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
                "chat4all", Duration.ofMinutes(5), 4), Clock.systemUTC());
        BearerAuthentication bearer = new BearerAuthentication(tokens);
        JsonBodies bodies = new JsonBodies(MAX_PAYLOAD);
        server = ServiceWebServer.build(serverConfig, rules -> {
            RouteTable routes = new RouteTable(rules);
            routes.post("/echo", (req, res) -> {
                        SendMessageRequest message = SendMessageRequest.parse(bodies.readObject(req));
                        Json.send(res, Status.OK_200, Map.of("conversation_id", message.conversationId()));
                    })
                    .get("/things/{thing_id}", (req, res) -> Json.send(res, Status.OK_200,
                            Map.of("thing_id", PathParams.uuid(req, "thing_id"))))
                    .get("/history", (req, res) -> Json.send(res, Status.OK_200,
                            Map.of("limit", HistoryQuery.parse(QueryParams.of(req)).limit())))
                    .get("/me", bearer.require((req, res, caller) -> Json.send(res, Status.OK_200, Map.of("caller", caller))))
                    .get("/boom", (req, res) -> {
                        throw new IllegalStateException("secret internals");
                    })
                    .refuseOtherMethods();
        }, List.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void validBodyIsRead() throws Exception {
        UUID conversation = UUID.randomUUID();
        HttpResponse<String> response = post("/echo", "{\"conversation_id\":\"" + conversation + "\",\"text\":\"hi\"}");
        assertEquals(200, response.statusCode());
        assertEquals(conversation.toString(), json(response).path("conversation_id").asText());
    }

    @Test
    void malformedJsonIs400() throws Exception {
        JsonNode problem = assertProblem(post("/echo", "{\"text\": \"hi\""), 400);
        assertEquals("urn:chat4all:problem:malformed-json", problem.path("type").asText());
    }

    @Test
    void trailingGarbageAfterTheObjectIs400() throws Exception {
        assertProblem(post("/echo", "{\"text\": \"hi\"} {}"), 400);
    }

    @Test
    void emptyBodyAndNonObjectsAre400() throws Exception {
        assertProblem(post("/echo", ""), 400);
        assertProblem(post("/echo", "[1, 2]"), 400);
        assertProblem(post("/echo", "null"), 400);
    }

    @Test
    void invalidFieldsAre400WithEveryFieldNamed() throws Exception {
        JsonNode problem = assertProblem(post("/echo", "{\"conversation_id\": 42, \"text\": \"  \"}"), 400);
        assertEquals("urn:chat4all:problem:validation", problem.path("type").asText());
        assertEquals(2, problem.path("errors").size(), problem::toString);
        assertEquals("conversation_id", problem.path("errors").get(0).path("field").asText());
        assertEquals("text", problem.path("errors").get(1).path("field").asText());
    }

    @Test
    void wrongOrMissingContentTypeIs415() throws Exception {
        String body = "{\"conversation_id\":\"" + UUID.randomUUID() + "\",\"text\":\"hi\"}";
        assertProblem(send(HttpRequest.newBuilder(uri("/echo")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body))), 415);
        assertProblem(send(HttpRequest.newBuilder(uri("/echo")).header("Content-Type", "not a media type")
                .POST(HttpRequest.BodyPublishers.ofString(body))), 415);
        assertProblem(send(HttpRequest.newBuilder(uri("/echo")).POST(HttpRequest.BodyPublishers.ofString(body))), 415);
    }

    @Test
    void jsonWithCharsetIsJson() throws Exception {
        String body = "{\"conversation_id\":\"" + UUID.randomUUID() + "\",\"text\":\"hi\"}";
        assertEquals(200, send(HttpRequest.newBuilder(uri("/echo")).header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body))).statusCode());
    }

    @Test
    void oversizedBodyWithContentLengthIs413() throws Exception {
        JsonNode problem = assertProblem(post("/echo", "{\"text\":\"" + "x".repeat(MAX_PAYLOAD) + "\"}"), 413);
        assertTrue(problem.path("detail").asText().contains(String.valueOf(MAX_PAYLOAD)), problem::toString);
    }

    @Test
    void megabytesOfBodyAreRefusedWith413Too() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertProblem(post("/echo", "{\"text\":\"" + "x".repeat(2_000_000) + "\"}"), 413);
        }
    }

    @Test
    void oversizedBodyIsRefusedBeforeItIsSent() throws IOException {
        // Announce 10 MB and send none of it: the answer comes from the Content-Length alone.
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 10000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", head);
        }
    }

    @Test
    void aClientWaitingFor100ContinueGetsItsRefusalAndAClosedConnection() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 10000000\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertFalse(response.contains("100 Continue"), response);
            assertTrue(response.toLowerCase().contains("connection: close"), response);
        }
    }

    @Test
    void invalidPathUuidIs400NamingTheParameter() throws Exception {
        JsonNode problem = assertProblem(get("/things/not-a-uuid", null), 400);
        assertEquals("thing_id", problem.path("errors").get(0).path("field").asText());
        assertEquals(200, get("/things/" + UUID.randomUUID(), null).statusCode());
    }

    @Test
    void invalidQueryParametersAre400() throws Exception {
        assertProblem(get("/history?limit=0", null), 400);
        assertProblem(get("/history?limit=abc", null), 400);
        assertProblem(get("/history?order=sideways", null), 400);
        assertProblem(get("/history?cursor=bm90LWEtY3Vyc29y", null), 400);
        assertProblem(get("/history?cursor=%25%25%25", null), 400);
        JsonNode all = assertProblem(get("/history?limit=101&order=up&cursor=x", null), 400);
        assertEquals(3, all.path("errors").size(), all::toString);
    }

    @Test
    void brokenPercentEncodingInTheQueryIsA400Problem() throws IOException {
        // java.net.URI refuses to build such a request, so it goes over a raw socket.
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /history?cursor=%%% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
            assertTrue(response.toLowerCase().contains("content-type: " + Problem.MEDIA_TYPE), response);
        }
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405WithAllow() throws Exception {
        assertProblem(get("/nothing-here", null), 404);
        HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(uri("/echo")).DELETE());
        assertProblem(wrongMethod, 405);
        assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void bearerTokenIdentifiesTheCaller() throws Exception {
        UUID user = UUID.randomUUID();
        HttpResponse<String> response = get("/me", "Bearer " + tokens.issue(user).token());
        assertEquals(200, response.statusCode());
        assertEquals(user.toString(), json(response).path("caller").asText());
    }

    @Test
    void missingOrBadTokensAre401WithABearerChallenge() throws Exception {
        for (String authorization : new String[] {null, "Bearer", "Bearer abc.def.ghi", "Basic dXNlcjpwdw==", "Bearer "}) {
            HttpResponse<String> response = get("/me", authorization);
            assertProblem(response, 401);
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                    () -> "challenge for " + authorization);
        }
    }

    @Test
    void ourOwnFaultIsA500ThatLeaksNothing() throws Exception {
        HttpResponse<String> response = get("/boom", null);
        assertProblem(response, 500);
        assertFalse(response.body().contains("secret internals"), response::body);
        assertFalse(response.body().contains("IllegalStateException"), response::body);
    }

    @Test
    void healthIsServed() throws Exception {
        HttpResponse<String> response = get("/observe/health", null);
        assertEquals(200, response.statusCode(), response::body);
        assertEquals("UP", json(response).path("status").asText());
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status) throws IOException {
        assertEquals(status, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith(Problem.MEDIA_TYPE),
                () -> "content type of " + response.body());
        JsonNode problem = json(response);
        assertEquals(status, problem.path("status").asInt());
        assertFalse(problem.path("title").asText().isBlank());
        assertTrue(problem.path("type").asText().startsWith("urn:chat4all:problem:"));
        return problem;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
