package io.chat4all.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.chat4all.it.ApiClient.Response;
import io.chat4all.it.ApiClient.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A cursor is a position in the conversation, so messages arriving while a client pages never shift its pages. */
@ExtendWith(TestStack.class)
class PaginationIT {

    @Test
    void pagingNewestFirstIsStableWhileMessagesArrive(ApiClient api, CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        UUID conversation = api.privateConversation(alice, bob);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sent.add(require(api.send(alice, conversation, "m" + i), 202).json().path("message_id").asText());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cassandra.historyRows(conversation) == 30);

        List<String> paged = new ArrayList<>();
        String path = "/v1/conversations/" + conversation + "/messages?limit=10";
        Response page = require(api.get(path, bob.token()), 200);
        page.json().path("items").forEach(m -> paged.add(m.path("message_id").asText()));
        for (int i = 0; i < 5; i++) {
            RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, conversation, "late " + i);
        }
        while (page.json().path("next_cursor").isTextual()) {
            page = require(api.get(path + "&cursor=" + page.json().path("next_cursor").asText(), bob.token()), 200);
            page.json().path("items").forEach(m -> paged.add(m.path("message_id").asText()));
        }

        assertEquals(sent.reversed(), paged, "the 30 earlier messages, newest first, none skipped or repeated");
    }
}
