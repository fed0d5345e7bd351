package io.chat4all.it;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.chat4all.it.ApiClient.Response;
import io.chat4all.it.ApiClient.User;
import io.chat4all.stack.LocalStack;
import io.chat4all.stack.Service;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.chat4all.it.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every client mistake gets the right 4xx with a problem+json body; none of them is a 500. */
@ExtendWith(TestStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    private ApiClient api;
    private LocalStack stack;
    private User alice;
    private UUID conversation;

    @BeforeAll
    void setUp(ApiClient api, LocalStack stack) {
        this.api = api;
        this.stack = stack;
        alice = api.newUser("alice");
        conversation = api.privateConversation(alice, api.newUser("bob"));
    }

    Stream<Arguments> malformedMessages() {
        String c = "\"conversation_id\":\"" + conversation + "\"";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"text\": \"hi\"", 400),
                Arguments.of("not an object", "[1, 2, 3]", 400),
                Arguments.of("empty body", "", 400),
                Arguments.of("conversation_id of the wrong type", "{\"conversation_id\": 42, \"text\": \"hi\"}", 400),
                Arguments.of("text of the wrong type", "{" + c + ", \"text\": [\"hi\"]}", 400),
                Arguments.of("missing text", "{" + c + "}", 400),
                Arguments.of("missing conversation_id", "{\"text\": \"hi\"}", 400),
                Arguments.of("blank text", "{" + c + ", \"text\": \"   \"}", 400),
                Arguments.of("invalid conversation UUID", "{\"conversation_id\": \"not-a-uuid\", \"text\": \"hi\"}", 400),
                Arguments.of("invalid message_id", "{" + c + ", \"text\": \"hi\", \"message_id\": \"123\"}", 400),
                Arguments.of("text over 10 KB in UTF-8 bytes", "{" + c + ", \"text\": \"" + "é".repeat(5_121) + "\"}", 400),
                Arguments.of("unpaired high surrogate in text", "{" + c + ", \"text\": \"bad \\ud800 x\"}", 400),
                Arguments.of("unpaired low surrogate in text", "{" + c + ", \"text\": \"\\udc00 x\"}", 400),
                Arguments.of("surrogates in the wrong order", "{" + c + ", \"text\": \"\\ude00\\ud83d\"}", 400),
                Arguments.of("NUL in text", "{" + c + ", \"text\": \"a\\u0000b\"}", 400),
                Arguments.of("escape character in text", "{" + c + ", \"text\": \"\\u001b[31mred\"}", 400),
                Arguments.of("only invisible characters", "{" + c + ", \"text\": \"\\u200b\\ufeff\\u2060\"}", 400),
                Arguments.of("unpaired surrogate in message_id",
                        "{" + c + ", \"text\": \"hi\", \"message_id\": \"\\ud800\"}", 400),
                Arguments.of("unknown conversation",
                        "{\"conversation_id\": \"" + UUID.randomUUID() + "\", \"text\": \"hi\"}", 404));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("malformedMessages")
    void badMessageBodiesAreRefused(String what, String body, int status) {
        assertProblem(api.postRaw("/v1/messages", body, "application/json", alice.token(), Map.of()), status);
    }

    /**
     * The reproduction: an unpaired surrogate used to be accepted (202) and then stop the router for good.
     * Now it is refused with every way of sending it, and a message sent right after is stored.
     */
    @Test
    void anUnpairedSurrogateIsRefusedEverywhereAndStorageGoesOn(CassandraProbe cassandra) {
        String poison = "{\"conversation_id\":\"" + conversation + "\",\"text\":\"bad \\ud800 x\"}";
        Response plain = assertProblem(api.postRaw("/v1/messages", poison, "application/json", alice.token(), Map.of()), 400);
        assertEquals("text", plain.json().path("errors").path(0).path("field").asText(), plain::toString);
        assertProblem(api.postRaw("/v1/messages", poison, "application/json", alice.token(),
                Map.of("Idempotency-Key", "surrogate-" + UUID.randomUUID())), 400);
        String withId = poison.replace("}", ",\"message_id\":\"" + UUID.randomUUID() + "\"}");
        assertProblem(api.postRaw("/v1/messages", withId, "application/json", alice.token(), Map.of()), 400);

        Response sent = api.send(alice, conversation, "after the poison");
        assertEquals(202, sent.status(), sent::toString);
        UUID messageId = UUID.fromString(sent.json().path("message_id").asText());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals("after the poison", cassandra.storedText(conversation, messageId).orElse(null)));
    }

    @Test
    void unpairedSurrogatesAndControlsAreRefusedInNamesAndCredentials() {
        assertProblem(api.postRaw("/v1/conversations", "{\"type\":\"group\",\"name\":\"g \\ud800\",\"member_ids\":[]}",
                "application/json", alice.token(), Map.of()), 400);
        assertProblem(api.postRaw("/v1/conversations", "{\"type\":\"group\",\"name\":\"tab\\there\",\"member_ids\":[]}",
                "application/json", alice.token(), Map.of()), 400);
        assertProblem(api.postRaw("/auth/token", "{\"username\":\"\\ud800\",\"password\":\"whatever1\"}",
                "application/json", null, Map.of()), 400);
        assertProblem(api.postRaw("/auth/token", "{\"username\":\"\",\"password\":\"whatever1\"}",
                "application/json", null, Map.of()), 400);
        assertProblem(api.postRaw("/auth/register", "{\"username\":\"u" + System.nanoTime() + "\",\"password\":\"pass\\ud800word\"}",
                "application/json", null, Map.of()), 400);
        // A password that used to be stored as '?' in place of the surrogate: '?' must not log in as that user.
        assertProblem(api.postRaw("/auth/token", "{\"username\":\"" + alice.username() + "\",\"password\":\"\\udfff\"}",
                "application/json", null, Map.of()), 400);
    }

    @Test
    void textOfExactlyTenKilobytesIsAccepted() {
        String text = "é".repeat(5_120); // 10,240 UTF-8 bytes
        assertEquals(202, api.send(alice, conversation, text).status());
    }

    @Test
    void oversizedBodyIsRefusedWith413() {
        String body = "{\"conversation_id\": \"" + conversation + "\", \"text\": \"" + "x".repeat(2_000_000) + "\"}";
        assertProblem(api.postRaw("/v1/messages", body, "application/json", alice.token(), Map.of()), 413);
    }

    @Test
    void wrongContentTypeIsRefusedWith415() {
        String body = "{\"conversation_id\": \"" + conversation + "\", \"text\": \"hi\"}";
        assertProblem(api.postRaw("/v1/messages", body, "text/plain", alice.token(), Map.of()), 415);
    }

    @Test
    void invalidUuidsInPathsAndQueriesAre400() {
        assertProblem(api.get("/v1/messages/not-a-uuid", alice.token()), 400);
        assertProblem(api.get("/v1/conversations/xyz/messages", alice.token()), 400);
        assertProblem(api.get("/v1/conversations/" + conversation + "/messages?cursor=%25%25%25", alice.token()), 400);
        assertProblem(api.get("/v1/conversations/" + conversation + "/messages?cursor=bm90LWEtY3Vyc29y", alice.token()), 400);
        assertProblem(api.get("/v1/conversations/" + conversation + "/messages?limit=0", alice.token()), 400);
        assertProblem(api.get("/v1/conversations/" + conversation + "/messages?limit=abc", alice.token()), 400);
        assertProblem(api.get("/v1/conversations/" + conversation + "/messages?order=sideways", alice.token()), 400);
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405() {
        assertProblem(api.get("/v1/nothing-here", alice.token()), 404);
        assertProblem(api.delete("/v1/messages", alice.token()), 405);
    }

    Stream<Arguments> badTokens() {
        String secret = stack.serviceEnvironment(Service.API).get("AUTH_SECRET");
        String subject = alice.id().toString();
        String expired = JWT.create().withIssuer("chat4all").withSubject(subject)
                .withIssuedAt(Instant.now().minusSeconds(7_200)).withExpiresAt(Instant.now().minusSeconds(3_600))
                .sign(Algorithm.HMAC256(secret));
        String forged = JWT.create().withIssuer("chat4all").withSubject(subject)
                .withExpiresAt(Instant.now().plusSeconds(3_600))
                .sign(Algorithm.HMAC256("not-the-server-secret-" + UUID.randomUUID()));
        String unsigned = JWT.create().withIssuer("chat4all").withSubject(subject)
                .withExpiresAt(Instant.now().plusSeconds(3_600)).sign(Algorithm.none());
        return Stream.of(
                Arguments.of("missing", null),
                Arguments.of("expired", "Bearer " + expired),
                Arguments.of("forged", "Bearer " + forged),
                Arguments.of("alg none", "Bearer " + unsigned),
                Arguments.of("garbage", "Bearer abc.def.ghi"),
                Arguments.of("wrong scheme", "Basic " + alice.token()));
    }

    @ParameterizedTest(name = "{0} token -> 401")
    @MethodSource("badTokens")
    void badTokensAreUnauthorized(String what, String authorization) {
        Map<String, String> headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
        String body = "{\"conversation_id\": \"" + conversation + "\", \"text\": \"hi\"}";
        Response response = assertProblem(api.postRaw("/v1/messages", body, "application/json", null, headers), 401);
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }

    @Test
    void badCredentialsAndDuplicateUsernames() {
        assertProblem(api.post("/auth/token", Map.of("username", alice.username(), "password", "wrong-password"), null), 401);
        assertProblem(api.post("/auth/token", Map.of("username", "nobody-" + UUID.randomUUID(), "password", "whatever1"), null), 401);
        assertProblem(api.post("/auth/register", Map.of("username", alice.username(), "password", "another-password"), null), 409);
        assertProblem(api.post("/auth/register", Map.of("username", "x", "password", "long-enough-password"), null), 400);
        assertProblem(api.post("/auth/register", Map.of("username", "shortpw-" + System.nanoTime(), "password", "short"), null), 400);
        assertProblem(api.postRaw("/auth/register", "{\"username\": 5}", "application/json", null, Map.of()), 400);
    }
}
