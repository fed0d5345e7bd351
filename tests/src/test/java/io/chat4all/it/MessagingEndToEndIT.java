package io.chat4all.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.it.ApiClient.Response;
import io.chat4all.it.ApiClient.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two users talk: every accepted message is stored exactly once and read back in send order. */
@ExtendWith(TestStack.class)
class MessagingEndToEndIT {
    private static final int MESSAGES = 1_000;

    @Test
    void thousandMessagesAreStoredOnceAndReadBackInSendOrder(ApiClient api, CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        UUID conversation = api.privateConversation(alice, bob);

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            User sender = i % 2 == 0 ? alice : bob;
            Response accepted = require(api.send(sender, conversation, "message " + i + " ✓"), 202);
            assertEquals("ACCEPTED", accepted.json().path("status").asText());
            sent.add(accepted.json().path("message_id").asText());
        }
        assertEquals(MESSAGES, new HashSet<>(sent).size(), "every accept returned a distinct message id");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> cassandra.historyRows(conversation) == MESSAGES);

        List<JsonNode> oldestFirst = api.history(bob, conversation, 100);
        List<String> read = oldestFirst.stream().map(m -> m.path("message_id").asText()).toList();
        assertEquals(sent, read, "history, oldest first, is exactly the send order");
        for (int i = 0; i < MESSAGES; i++) {
            assertEquals("message " + i + " ✓", oldestFirst.get(i).path("text").asText());
        }
        assertEquals(MESSAGES, cassandra.historyRows(conversation), "no duplicate rows in storage");

        Response newestFirst = require(api.get("/v1/conversations/" + conversation + "/messages?limit=3", alice.token()), 200);
        assertEquals(sent.get(MESSAGES - 1), newestFirst.json().path("items").get(0).path("message_id").asText(),
                "default order is newest first");
    }
}
