package io.chat4all.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.it.ApiClient.Response;
import io.chat4all.it.ApiClient.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static io.chat4all.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestStack.class)
class ConversationsIT {

    @Test
    void privateConversationIsOnePerPairWhoeverAsks(ApiClient api) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        Response created = require(api.post("/v1/conversations", Map.of("type", "private", "member_id", bob.id().toString()),
                alice.token()), 201);
        Response again = require(api.post("/v1/conversations", Map.of("type", "private", "member_id", alice.id().toString()),
                bob.token()), 200);
        assertEquals(created.json().path("conversation_id"), again.json().path("conversation_id"));
        assertEquals("private", created.json().path("type").asText());
        assertEquals(2, created.json().path("members").size());
        assertProblem(api.post("/v1/conversations", Map.of("type", "private", "member_id", alice.id().toString()),
                alice.token()), 400);
    }

    @Test
    void groupHasItsCreatorAsAdminAndItsMembers(ApiClient api) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        User carol = api.newUser("carol");
        UUID group = api.groupConversation(alice, "book club", List.of(bob, carol));

        JsonNode conversation = require(api.get("/v1/conversations/" + group, carol.token()), 200).json();
        assertEquals("group", conversation.path("type").asText());
        assertEquals("book club", conversation.path("name").asText());
        Map<String, String> roles = new java.util.HashMap<>();
        conversation.path("members").forEach(m -> roles.put(m.path("user_id").asText(), m.path("role").asText()));
        assertEquals(Map.of(alice.id().toString(), "ADMIN", bob.id().toString(), "MEMBER", carol.id().toString(), "MEMBER"),
                roles);

        UUID privateOne = api.privateConversation(alice, bob);
        assertProblem(api.post("/v1/conversations/" + privateOne + "/members", Map.of("user_id", carol.id().toString()),
                alice.token()), 409);
        assertProblem(api.post("/v1/conversations", Map.of("type", "group", "member_ids", List.of()), alice.token()), 400);
    }

    @Test
    void myConversationsArePaginatedNewestFirst(ApiClient api) {
        User alice = api.newUser("alice");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(0, api.privateConversation(alice, api.newUser("peer")).toString());
        }

        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = require(api.get("/v1/conversations?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    alice.token()), 200);
            assertTrue(page.json().path("items").size() <= 2);
            page.json().path("items").forEach(item -> listed.add(item.path("conversation_id").asText()));
            cursor = page.json().path("next_cursor").isTextual() ? page.json().path("next_cursor").asText() : null;
            pages++;
        } while (cursor != null);

        assertEquals(created, listed, "all of mine, newest first, each once");
        assertEquals(new HashSet<>(created).size(), listed.size());
        assertTrue(pages >= 3);
    }
}
