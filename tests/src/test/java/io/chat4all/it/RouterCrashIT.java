package io.chat4all.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import io.chat4all.it.ApiClient.User;
import io.chat4all.stack.LocalStack;
import io.chat4all.stack.Services;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A router SIGKILLed in the middle of a stream loses nothing and duplicates nothing once it is back. */
@ExtendWith(TestStack.class)
class RouterCrashIT {
    private static final int CONVERSATIONS = 4;
    private static final int MESSAGES_PER_CONVERSATION = 150;

    private LocalStack stack;

    @AfterEach
    void routerIsRunningForTheNextTest() {
        if (stack != null && !stack.isRunning(Services.ROUTER)) {
            stack.start(Services.ROUTER);
        }
    }

    @Test
    void killedRouterResumesWithoutLossOrDuplicates(LocalStack stack, ApiClient api, CassandraProbe cassandra)
            throws Exception {
        this.stack = stack;
        User alice = api.newUser("alice");
        List<UUID> conversations = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            conversations.add(api.privateConversation(alice, api.newUser("peer")));
        }

        Map<UUID, List<String>> accepted = new ConcurrentHashMap<>();
        CompletableFuture<Void> stream;
        try (var senders = Executors.newVirtualThreadPerTaskExecutor()) {
            stream = CompletableFuture.allOf(conversations.stream()
                    .map(conversation -> CompletableFuture.runAsync(() -> {
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; i < MESSAGES_PER_CONVERSATION; i++) {
                            ids.add(require(api.send(alice, conversation, "m" + i), 202).json().path("message_id").asText());
                        }
                        accepted.put(conversation, ids);
                    }, senders))
                    .toArray(CompletableFuture[]::new));

            // Kill the router once it is visibly in the middle of the stream.
            await().atMost(Duration.ofSeconds(60)).until(() -> storedCount(cassandra, conversations) >= 100);
            stack.kill(Services.ROUTER);
            assertFalse(stack.isRunning(Services.ROUTER));
            stack.start(Services.ROUTER);
            stream.get();
        }

        int total = CONVERSATIONS * MESSAGES_PER_CONVERSATION;
        await().atMost(Duration.ofSeconds(90)).until(() -> storedCount(cassandra, conversations) >= total);
        assertEquals(total, storedCount(cassandra, conversations), "no duplicated rows");
        for (UUID conversation : conversations) {
            List<String> sent = accepted.get(conversation);
            List<String> stored = cassandra.historyMessageIds(conversation).stream().map(UUID::toString).toList();
            assertEquals(sent, stored, "every accepted message stored once, in send order");
            assertEquals(sent.size(), new HashSet<>(stored).size());
        }
    }

    private static long storedCount(CassandraProbe cassandra, List<UUID> conversations) {
        return conversations.stream().mapToLong(cassandra::historyRows).sum();
    }
}
