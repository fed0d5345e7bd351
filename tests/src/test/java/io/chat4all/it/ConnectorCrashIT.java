package io.chat4all.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Channel;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A WhatsApp connector SIGKILLed in the middle of a stream, then restarted: it resumes from its last committed offsets,
 * so it asks the provider again for messages it had already sent, and the provider's idempotency on
 * {@code (message_id, to)} makes those repeats duplicates, never second sends. Every message is delivered.
 */
@ExtendWith(TestStack.class)
class ConnectorCrashIT {
    private static final int CONVERSATIONS = 4;
    private static final int MESSAGES_PER_CONVERSATION = 50;
    /** Provider sends seen before the kill: far enough in to be mid-stream, far from the end. */
    private static final int SENDS_BEFORE_KILL = 40;

    private LocalStack stack;
    private ProviderSim sim;

    @AfterEach
    void connectorRunsAndProviderIsResetForTheNextTest() {
        if (stack != null && !stack.isRunning(Services.CONNECTOR_WHATSAPP)) {
            stack.start(Services.CONNECTOR_WHATSAPP);
        }
        if (sim != null) {
            sim.reset();
        }
    }

    @Test
    void aConnectorKilledMidStreamDeliversEveryMessageAndSendsNoneTwice(LocalStack stack, ApiClient api, ProviderSim sim)
            throws Exception {
        this.stack = stack;
        this.sim = sim;
        // A steady provider latency keeps a call in flight most of the time; read receipts are left out: DELIVERED
        // is what this test waits for, and fewer webhooks keep it quick.
        sim.faults(Channel.WHATSAPP, Map.of("latency", Map.of("median_ms", 20, "p99_ms", 40)));
        sim.receipts(Channel.WHATSAPP, Map.of("read_probability", 0));
        User alice = api.newUser("alice");
        Map<UUID, String> numberOf = new ConcurrentHashMap<>();
        List<UUID> conversations = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            User peer = api.newUser("peer");
            String number = IdentitiesIT.freshNumber();
            IdentitiesIT.link(api, peer, "whatsapp", number);
            UUID conversation = api.privateConversation(alice, peer);
            conversations.add(conversation);
            numberOf.put(conversation, number);
        }
        long sendsBefore = sends(sim);

        Map<UUID, String> accepted = new ConcurrentHashMap<>();   // message -> the number it goes to
        long sentAtKill;
        try (var senders = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Void> stream = CompletableFuture.allOf(conversations.stream()
                    .map(conversation -> CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < MESSAGES_PER_CONVERSATION; i++) {
                            UUID id = UUID.fromString(require(api.send(alice, conversation, "m" + i), 202).json()
                                    .path("message_id").asText());
                            accepted.put(id, numberOf.get(conversation));
                        }
                    }, senders))
                    .toArray(CompletableFuture[]::new));

            await().atMost(Duration.ofSeconds(60)).until(() -> sends(sim) - sendsBefore >= SENDS_BEFORE_KILL);
            stack.kill(Services.CONNECTOR_WHATSAPP);
            assertFalse(stack.isRunning(Services.CONNECTOR_WHATSAPP));
            sentAtKill = sends(sim) - sendsBefore;
            long restarting = System.nanoTime();
            stack.start(Services.CONNECTOR_WHATSAPP);
            System.out.printf("connector killed after %d of %d sends; healthy again after %d ms%n", sentAtKill,
                    CONVERSATIONS * MESSAGES_PER_CONVERSATION, (System.nanoTime() - restarting) / 1_000_000);
            stream.get();
        }
        int total = CONVERSATIONS * MESSAGES_PER_CONVERSATION;
        assertEquals(total, accepted.size());
        assertTrue(sentAtKill < total, "killed mid-stream: " + sentAtKill + " of " + total + " sent");

        Set<UUID> undelivered = new HashSet<>(accepted.keySet());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            undelivered.removeIf(message -> "DELIVERED".equals(
                    require(api.get("/v1/messages/" + message, alice.token()), 200).json().path("status").asText()));
            return undelivered.isEmpty();
        });

        int duplicates = 0;
        for (Map.Entry<UUID, String> message : accepted.entrySet()) {
            JsonNode atProvider = sim.onlyRecipient(Channel.WHATSAPP, message.getKey());
            assertEquals(message.getValue(), atProvider.path("to").asText());
            assertEquals(1, atProvider.path("sends").asInt(), "sent exactly once: " + atProvider);
            duplicates += atProvider.path("duplicates").asInt();
        }
        System.out.printf("after the restart: %d messages each sent once; %d repeated requests answered as"
                + " duplicates%n", total, duplicates);
    }

    private static long sends(ProviderSim sim) {
        return sim.stats(Channel.WHATSAPP).path("sends").asLong();
    }
}
