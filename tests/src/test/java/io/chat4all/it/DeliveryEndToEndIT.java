package io.chat4all.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.OutboundMessage;
import io.chat4all.contracts.OutboundMessageCodec;
import io.chat4all.contracts.Topics;
import io.chat4all.it.ApiClient.User;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static io.chat4all.it.DeliveryStatusIT.awaitStatus;
import static io.chat4all.it.DeliveryStatusIT.reason;
import static io.chat4all.it.DeliveryStatusIT.recipient;
import static io.chat4all.it.DeliveryStatusIT.statuses;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery through the channels end to end (ADR 0003): api, router, connectors and the provider simulator as real
 * processes over real Kafka and Cassandra. What a sender sees of each recipient comes from the provider's own signed
 * receipts, and the simulator's counts show what was really sent.
 */
@ExtendWith(TestStack.class)
class DeliveryEndToEndIT {
    private ProviderSim sim;

    @AfterEach
    void providerSettingsAreResetForTheNextTest() {
        if (sim != null) {
            sim.reset();
        }
    }

    @Test
    void aWhatsAppRecipientIsDeliveredThenReadByTheProvidersReceiptsAndTheSenderSeesIt(ApiClient api,
            CassandraProbe cassandra, ProviderSim sim) {
        this.sim = sim;
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        String number = IdentitiesIT.freshNumber();
        IdentitiesIT.link(api, bob, "whatsapp", number);
        UUID message = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, api.privateConversation(alice, bob),
                "hello on whatsapp");

        JsonNode status = awaitStatus(api, alice, message, bob, "READ");
        assertEquals("READ", status.path("status").asText(), "the sender sees READ");
        JsonNode bobs = recipient(status, bob);
        assertEquals("whatsapp", bobs.path("channel").asText());
        assertEquals(List.of("ACCEPTED", "SENT", "DELIVERED", "READ"), statuses(bobs));
        assertInTimeOrder(bobs);
        assertEquals("whatsapp", bobs.path("history").get(2).path("channel").asText(), "delivered by the channel");
        assertEquals("whatsapp", bobs.path("history").get(3).path("channel").asText(), "read on the channel");
        assertEquals(bobs.path("history").get(3).path("at").asText(), bobs.path("read_at").asText());

        JsonNode atProvider = await().atMost(Duration.ofSeconds(10))
                .until(() -> sim.onlyRecipient(Channel.WHATSAPP, message),
                        seen -> seen != null && seen.path("statuses").size() == 3);
        assertEquals(number, atProvider.path("to").asText());
        assertEquals(1, atProvider.path("sends").asInt(), "sent exactly once: " + atProvider);
        assertEquals(List.of("sent", "delivered", "read"), providerStatuses(atProvider));
        assertTrue(sim.message(Channel.INSTAGRAM, message).isEmpty(), "nothing went out on instagram");
    }

    @Test
    void eachRecipientOfAGroupMessageIsTrackedOnItsOwnChannel(ApiClient api, CassandraProbe cassandra,
                                                              ProviderSim sim) {
        this.sim = sim;
        sim.receipts(Channel.INSTAGRAM, Map.of("read_probability", 0));
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        User carol = api.newUser("carol");
        User dave = api.newUser("dave");
        String number = IdentitiesIT.freshNumber();
        String handle = IdentitiesIT.freshHandle();
        IdentitiesIT.link(api, bob, "whatsapp", number);
        IdentitiesIT.link(api, carol, "instagram", handle);
        UUID group = api.groupConversation(alice, "three channels", List.of(bob, carol, dave));
        UUID message = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, group, "hello everywhere");

        JsonNode status = await().atMost(Duration.ofSeconds(30))
                .until(() -> require(api.get("/v1/messages/" + message, alice.token()), 200).json(),
                        seen -> "READ".equals(recipient(seen, bob).path("status").asText())
                                && "DELIVERED".equals(recipient(seen, carol).path("status").asText()));
        assertEquals(List.of("ACCEPTED", "SENT", "DELIVERED", "READ"), statuses(recipient(status, bob)));
        assertEquals("whatsapp", recipient(status, bob).path("channel").asText());
        assertEquals(List.of("ACCEPTED", "SENT", "DELIVERED"), statuses(recipient(status, carol)));
        assertEquals("instagram", recipient(status, carol).path("channel").asText());
        assertEquals(List.of("ACCEPTED", "SENT"), statuses(recipient(status, dave)), "waits for dave's own client");
        assertTrue(recipient(status, dave).path("channel").isNull());
        assertEquals("SENT", status.path("status").asText(), "the least advanced recipient");

        require(api.post("/v1/messages/" + message + "/delivered", Map.of(), dave.token()), 202);
        JsonNode after = awaitStatus(api, alice, message, dave, "DELIVERED");
        assertEquals("READ", recipient(after, bob).path("status").asText());
        assertEquals(List.of("ACCEPTED", "SENT", "DELIVERED"), statuses(recipient(after, carol)), "never read");
        assertEquals("DELIVERED", after.path("status").asText());
        recipientsOf(after).forEach(DeliveryEndToEndIT::assertInTimeOrder);

        JsonNode onWhatsApp = sim.onlyRecipient(Channel.WHATSAPP, message);
        assertEquals(number, onWhatsApp.path("to").asText());
        assertEquals(1, onWhatsApp.path("sends").asInt());
        JsonNode onInstagram = sim.onlyRecipient(Channel.INSTAGRAM, message);
        assertEquals(handle, onInstagram.path("to").asText());
        assertEquals(1, onInstagram.path("sends").asInt());
        assertEquals(List.of("sent", "delivered"), providerStatuses(onInstagram), "the platform never reported it read");
    }

    @Test
    void aPermanentRejectionFailsTheRecipientWithTheProvidersReasonAndDeadLettersTheMessage(ApiClient api,
            CassandraProbe cassandra, KafkaProbe kafka, ProviderSim sim) throws Exception {
        this.sim = sim;
        sim.faults(Channel.INSTAGRAM, Map.of("rejection_rate", 1));
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        String handle = IdentitiesIT.freshHandle();
        IdentitiesIT.link(api, bob, "instagram", handle);
        UUID conversation = api.privateConversation(alice, bob);
        UUID message = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, conversation, "you will not get this");
        String providerReason = "the platform refused to deliver this message to " + handle + " (simulated)";

        JsonNode status = awaitStatus(api, alice, message, bob, "FAILED");
        assertEquals("FAILED", status.path("status").asText(), "the sender sees FAILED");
        JsonNode bobs = recipient(status, bob);
        assertEquals(List.of("ACCEPTED", "SENT", "FAILED"), statuses(bobs));
        JsonNode failed = bobs.path("history").get(2);
        assertEquals(providerReason, failed.path("reason").asText(), "the provider's own words: " + failed);
        assertEquals("instagram", failed.path("channel").asText());

        ConsumerRecord<String, byte[]> dead = kafka.find(Topics.OUTBOUND_DLQ.name(), RedeliveryIT.carrying(message),
                Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("nothing on " + Topics.OUTBOUND_DLQ));
        assertEquals(conversation.toString(), dead.key(), "the source record's key");
        OutboundMessage deadMessage = OutboundMessageCodec.decode(dead.value());
        assertEquals(bob.id(), deadMessage.recipientId());
        assertEquals(handle, deadMessage.address());
        assertTrue(reason(dead).contains(providerReason), reason(dead));

        JsonNode atProvider = sim.onlyRecipient(Channel.INSTAGRAM, message);
        assertEquals(0, atProvider.path("sends").asInt(), atProvider.toString());
        assertEquals(1, atProvider.path("rejections").asInt(), "refused once and never tried again: " + atProvider);
        assertEquals(1, atProvider.path("requests").asInt(), atProvider.toString());
    }

    static List<String> providerStatuses(JsonNode providerRecipient) {
        List<String> statuses = new ArrayList<>();
        providerRecipient.path("statuses").forEach(entry -> statuses.add(entry.path("status").asText()));
        return statuses;
    }

    private static List<JsonNode> recipientsOf(JsonNode status) {
        List<JsonNode> recipients = new ArrayList<>();
        status.path("recipients").forEach(recipients::add);
        return recipients;
    }

    private static void assertInTimeOrder(JsonNode recipient) {
        List<Instant> times = new ArrayList<>();
        recipient.path("history").forEach(change -> times.add(Instant.parse(change.path("at").asText())));
        assertEquals(times.stream().sorted().toList(), times, "history times never go back: " + recipient);
    }
}
