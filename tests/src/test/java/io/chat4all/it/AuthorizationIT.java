package io.chat4all.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.chat4all.it.ApiClient.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static io.chat4all.it.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only members see or touch a conversation; only recipients mark a message read; only admins change a group. */
@ExtendWith(TestStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationIT {
    private ApiClient api;
    private CassandraProbe cassandra;
    private User alice;
    private User bob;
    private User mallory;
    private UUID conversation;
    private UUID message;

    @BeforeAll
    void aliceTalksToBob(ApiClient api, CassandraProbe cassandra) {
        this.api = api;
        this.cassandra = cassandra;
        alice = api.newUser("alice");
        bob = api.newUser("bob");
        mallory = api.newUser("mallory");
        conversation = api.privateConversation(alice, bob);
        message = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, conversation, "for bob only");
    }

    @Test
    void nonMemberCannotReadHistory() {
        assertProblem(api.get("/v1/conversations/" + conversation + "/messages", mallory.token()), 403);
    }

    @Test
    void nonMemberCannotSeeTheConversation() {
        assertProblem(api.get("/v1/conversations/" + conversation, mallory.token()), 403);
        api.get("/v1/conversations", mallory.token()).json().path("items").forEach(item ->
                assertNotEquals(conversation.toString(), item.path("conversation_id").asText()));
    }

    @Test
    void nonMemberCannotSeeMessageStatus() {
        var refused = assertProblem(api.get("/v1/messages/" + message, mallory.token()), 403);
        assertFalse(refused.body().contains(conversation.toString()), () -> "names the conversation: " + refused);
    }

    @Test
    void aRefusalOnAMessageNeverNamesItsConversation() {
        var refused = assertProblem(api.post("/v1/messages/" + message + "/read", Map.of(), mallory.token()), 403);
        assertFalse(refused.body().contains(conversation.toString()), () -> "names the conversation: " + refused);
        assertTrue(refused.json().path("detail").asText().contains(message.toString()), refused::toString);
    }

    @Test
    void nonMemberCannotSend() {
        assertProblem(api.send(mallory, conversation, "let me in"), 403);
    }

    @Test
    void onlyRecipientsMarkRead() {
        assertProblem(api.post("/v1/messages/" + message + "/read", Map.of(), mallory.token()), 403);
        assertProblem(api.post("/v1/messages/" + message + "/read", Map.of(), alice.token()), 403);

        var first = require(api.post("/v1/messages/" + message + "/read", Map.of(), bob.token()), 202);
        assertEquals("READ", first.json().path("status").asText());
        require(api.post("/v1/messages/" + message + "/read", Map.of(), bob.token()), 202);

        var status = await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/v1/messages/" + message, alice.token()),
                seen -> "READ".equals(seen.json().path("status").asText()));
        assertEquals(bob.id().toString(), status.json().path("recipients").get(0).path("user_id").asText());
        assertEquals("READ", status.json().path("recipients").get(0).path("status").asText());
        assertEquals(first.json().path("at").asText(), status.json().path("recipients").get(0).path("read_at").asText(),
                "the first read time stays");
    }

    @Test
    void aMemberWhoJoinedAfterAMessageIsNotItsRecipient() {
        User carol = api.newUser("carol");
        UUID group = api.groupConversation(alice, "latecomers", List.of(bob));
        UUID before = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, group, "before carol");
        require(api.post("/v1/conversations/" + group + "/members", Map.of("user_id", carol.id().toString()),
                alice.token()), 200);

        assertProblem(api.post("/v1/messages/" + before + "/delivered", Map.of(), carol.token()), 403);
        require(api.post("/v1/messages/" + before + "/delivered", Map.of(), bob.token()), 202);
    }

    @Test
    void unknownThingsAreNotFound() {
        UUID nowhere = UUID.randomUUID();
        assertProblem(api.get("/v1/conversations/" + nowhere + "/messages", alice.token()), 404);
        assertProblem(api.get("/v1/messages/" + nowhere, alice.token()), 404);
        assertProblem(api.send(alice, nowhere, "hello?"), 404);
    }

    @Test
    void onlyAdminsChangeGroupMembership() {
        UUID group = api.groupConversation(alice, "team", List.of(bob));
        User carol = api.newUser("carol");
        assertProblem(api.post("/v1/conversations/" + group + "/members", Map.of("user_id", carol.id().toString()),
                bob.token()), 403);
        assertProblem(api.delete("/v1/conversations/" + group + "/members/" + alice.id(), bob.token()), 403);
        assertProblem(api.post("/v1/conversations/" + group + "/members", Map.of("user_id", carol.id().toString()),
                mallory.token()), 403);

        require(api.post("/v1/conversations/" + group + "/members", Map.of("user_id", carol.id().toString()),
                alice.token()), 200);
        require(api.send(carol, group, "hi team"), 202);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.history(carol, group, 10).size() == 1);

        assertEquals(204, api.delete("/v1/conversations/" + group + "/members/" + carol.id(), alice.token()).status());
        assertProblem(api.get("/v1/conversations/" + group + "/messages", carol.token()), 403);
        assertProblem(api.send(carol, group, "still here?"), 403);
    }
}
