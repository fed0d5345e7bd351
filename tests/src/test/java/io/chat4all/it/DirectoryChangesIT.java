package io.chat4all.it;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.it.ApiClient.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The router remembers members and identities between messages; each change, announced by the api on {@code messages}
 * before it answers, counts for the very next message. Every message here is sent right after the change was
 * answered, with the router's memory of the conversation fresh from the message before.
 */
@ExtendWith(TestStack.class)
class DirectoryChangesIT {

    @Test
    void aMemberAddedOrRemovedCountsForTheNextMessage(ApiClient api, CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        User carol = api.newUser("carol");
        UUID group = api.groupConversation(alice, "changing", List.of(bob));
        assertEquals(List.of(bob.id()), recipients(api, alice, send(api, cassandra, alice, group, "before")));

        require(api.post("/v1/conversations/" + group + "/members", Map.of("user_id", carol.id().toString()),
                alice.token()), 200);
        assertEquals(List.of(bob.id(), carol.id()).stream().sorted().toList(),
                recipients(api, alice, send(api, cassandra, alice, group, "carol joined")));

        require(api.delete("/v1/conversations/" + group + "/members/" + bob.id(), alice.token()), 204);
        assertEquals(List.of(carol.id()), recipients(api, alice, send(api, cassandra, alice, group, "bob left")));
    }

    @Test
    void anIdentityLinkedOrUnlinkedCountsForTheNextMessage(ApiClient api, CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        UUID conversation = api.privateConversation(alice, bob);
        assertTrue(channelOf(api, alice, bob, send(api, cassandra, alice, conversation, "inside")).isNull());

        IdentitiesIT.link(api, bob, "whatsapp", IdentitiesIT.freshNumber());
        assertEquals("whatsapp",
                channelOf(api, alice, bob, send(api, cassandra, alice, conversation, "on whatsapp")).asText());

        require(api.delete("/v1/users/me/identities/whatsapp", bob.token()), 204);
        assertTrue(channelOf(api, alice, bob, send(api, cassandra, alice, conversation, "inside again")).isNull());
    }

    private static UUID send(ApiClient api, CassandraProbe cassandra, User sender, UUID conversation, String text) {
        return RedeliveryIT.sendAndAwaitStored(api, cassandra, sender, conversation, text);
    }

    /** The message's recipients, sorted; the statuses are stored with the message, so they are all there. */
    private static List<UUID> recipients(ApiClient api, User sender, UUID message) {
        JsonNode status = require(api.get("/v1/messages/" + message, sender.token()), 200).json();
        return StreamSupport.stream(status.path("recipients").spliterator(), false)
                .map(recipient -> UUID.fromString(recipient.path("user_id").asText())).sorted().toList();
    }

    /** The channel the message was sent to the recipient on: null when served inside Chat4All. */
    private static JsonNode channelOf(ApiClient api, User sender, User recipient, UUID message) {
        JsonNode status = require(api.get("/v1/messages/" + message, sender.token()), 200).json();
        return DeliveryStatusIT.recipient(status, recipient).path("channel");
    }
}
