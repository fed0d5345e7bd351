package io.chat4all.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.chat4all.it.ApiClient.Response;
import io.chat4all.it.ApiClient.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static io.chat4all.it.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A client that retries with the same Idempotency-Key or message_id gets the same answer and one message. */
@ExtendWith(TestStack.class)
class IdempotencyIT {

    @Test
    void retryWithTheSameIdempotencyKeyCreatesOneMessage(ApiClient api, CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        UUID conversation = api.privateConversation(alice, api.newUser("bob"));
        Map<String, Object> body = Map.of("conversation_id", conversation.toString(), "text", "pay the rent");
        Map<String, String> key = Map.of("Idempotency-Key", "retry-" + UUID.randomUUID());

        Response first = require(api.post("/v1/messages", body, alice.token(), key), 202);
        Response retry = require(api.post("/v1/messages", body, alice.token(), key), 202);
        assertEquals(first.json(), retry.json(), "a retry gets the very same answer");

        UUID marker = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, conversation, "marker");
        UUID id = UUID.fromString(first.json().path("message_id").asText());
        assertEquals(List.of(id, marker), cassandra.historyMessageIds(conversation));
        assertEquals(8, id.version(), "ids derived from an Idempotency-Key are version 8, which clients may not use");
    }

    @Test
    void nobodyCanClaimTheIdOfAnotherUsersIdempotencyKey(ApiClient api, CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        UUID conversation = api.privateConversation(alice, bob);
        Map<String, Object> body = Map.of("conversation_id", conversation.toString(), "text", "the real one");
        Map<String, String> key = Map.of("Idempotency-Key", "k-" + UUID.randomUUID());
        String derived = require(api.post("/v1/messages", body, alice.token(), key), 202).json().path("message_id").asText();

        // Bob saw the id (it is in the history); claiming it as his own message_id is refused outright.
        Response claim = assertProblem(api.post("/v1/messages", Map.of("conversation_id", conversation.toString(),
                "text", "an impostor", "message_id", derived), bob.token()), 400);
        assertEquals("message_id", claim.json().path("errors").get(0).path("field").asText());

        // Alice's retry still gets her message, and only hers is stored.
        Response retry = require(api.post("/v1/messages", body, alice.token(), key), 202);
        assertEquals(derived, retry.json().path("message_id").asText());
        UUID marker = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, conversation, "marker");
        assertEquals(List.of(UUID.fromString(derived), marker), cassandra.historyMessageIds(conversation));
    }

    @Test
    void aVersion8MessageIdIsRefusedBeforeAnythingIsAccepted(ApiClient api, CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        UUID conversation = api.privateConversation(alice, api.newUser("bob"));
        UUID version8 = UUID.fromString("0190b6a4-1c2d-8e3f-9a4b-5c6d7e8f9a0b");
        Response refused = assertProblem(api.post("/v1/messages", Map.of("conversation_id", conversation.toString(),
                "text", "mine", "message_id", version8.toString()), alice.token()), 400);
        assertEquals("message_id", refused.json().path("errors").get(0).path("field").asText());
        assertNull(cassandra.session().execute("SELECT message_id FROM accepted_messages WHERE message_id = ?",
                version8).one(), "nothing was claimed");
    }

    @Test
    void retryWithTheSameMessageIdCreatesOneMessage(ApiClient api, CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        UUID conversation = api.privateConversation(alice, api.newUser("bob"));
        UUID id = UUID.randomUUID();
        Map<String, Object> body = Map.of("conversation_id", conversation.toString(), "text", "hello", "message_id", id.toString());

        Response first = require(api.post("/v1/messages", body, alice.token()), 202);
        Response retry = require(api.post("/v1/messages", body, alice.token()), 202);
        assertEquals(id.toString(), first.json().path("message_id").asText());
        assertEquals(first.json(), retry.json());

        UUID marker = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, conversation, "marker");
        assertEquals(List.of(id, marker), cassandra.historyMessageIds(conversation));
    }

    @Test
    void reusingAMessageIdForAnotherMessageIsAConflict(ApiClient api) {
        User alice = api.newUser("alice");
        UUID conversation = api.privateConversation(alice, api.newUser("bob"));
        UUID id = UUID.randomUUID();
        require(api.post("/v1/messages", Map.of("conversation_id", conversation.toString(), "text", "one",
                "message_id", id.toString()), alice.token()), 202);
        assertProblem(api.post("/v1/messages", Map.of("conversation_id", conversation.toString(), "text", "two",
                "message_id", id.toString()), alice.token()), 409);
    }

    @Test
    void aMemberCannotClaimTheIdOfAMessageTheyRead(ApiClient api, CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        UUID theirs = api.privateConversation(alice, bob);
        UUID bobsOther = api.privateConversation(bob, api.newUser("carol"));
        UUID id = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, theirs, "from alice");

        assertProblem(api.post("/v1/messages", Map.of("conversation_id", bobsOther.toString(), "text", "mine now",
                "message_id", id.toString()), bob.token()), 409);
        Response status = require(api.get("/v1/messages/" + id, alice.token()), 200);
        assertEquals(theirs.toString(), status.json().path("conversation_id").asText());
        assertEquals(alice.id().toString(), status.json().path("sender_id").asText());
    }

    @Test
    void retryingAStoredMessageWithItsIdGetsTheSameAnswer(ApiClient api, CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        UUID conversation = api.privateConversation(alice, api.newUser("bob"));
        UUID id = UUID.randomUUID();
        Map<String, Object> body = Map.of("conversation_id", conversation.toString(), "text", "hello",
                "message_id", id.toString());
        Response first = require(api.post("/v1/messages", body, alice.token()), 202);
        await().atMost(Duration.ofSeconds(30)).until(() -> cassandra.lookup(id) != null);
        cassandra.session().execute("DELETE FROM accepted_messages WHERE message_id = ?", id); // the claim expired

        assertEquals(first.json(), require(api.post("/v1/messages", body, alice.token()), 202).json());
        UUID marker = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, conversation, "marker");
        assertEquals(List.of(id, marker), cassandra.historyMessageIds(conversation));
    }

    @Test
    void idempotencyKeysBelongToTheirSender(ApiClient api) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        UUID conversation = api.privateConversation(alice, bob);
        Map<String, String> key = Map.of("Idempotency-Key", "same-key-" + UUID.randomUUID());
        Map<String, Object> body = Map.of("conversation_id", conversation.toString(), "text", "hi");

        Response fromAlice = require(api.post("/v1/messages", body, alice.token(), key), 202);
        Response fromBob = require(api.post("/v1/messages", body, bob.token(), key), 202);
        assertNotEquals(fromAlice.json().path("message_id"), fromBob.json().path("message_id"));
    }
}
