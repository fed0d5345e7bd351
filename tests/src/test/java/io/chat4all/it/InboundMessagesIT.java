package io.chat4all.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.InboundMessage;
import io.chat4all.contracts.InboundMessageCodec;
import io.chat4all.contracts.Topics;
import io.chat4all.it.ApiClient.User;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.DeliveryStatusIT.reason;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages from platform users (ADR 0003): the provider simulator POSTs a signed {@code inbound} webhook to the
 * WhatsApp connector, which publishes it to {@code inbound}; the router turns it into a message of the private
 * conversation between the user who linked the sender's address and the addressed user, or dead-letters it.
 */
@ExtendWith(TestStack.class)
class InboundMessagesIT {

    @Test
    void aMessageFromALinkedNumberLandsInThePrivateConversationAndAnUnlinkedOneIsDeadLettered(ApiClient api,
            CassandraProbe cassandra, KafkaProbe kafka, ProviderSim sim) {
        User ana = api.newUser("ana");
        User bia = api.newUser("bia");
        String anasNumber = IdentitiesIT.freshNumber();
        IdentitiesIT.link(api, ana, "whatsapp", anasNumber);
        UUID conversation = api.privateConversation(bia, ana);
        String text = "sent from ana's phone " + UUID.randomUUID();

        String providerId = sim.inbound(Channel.WHATSAPP, anasNumber, bia.username(), text);

        JsonNode stored = await().atMost(Duration.ofSeconds(30))
                .until(() -> api.history(bia, conversation, 20), history -> !history.isEmpty()).get(0);
        assertEquals(text, stored.path("text").asText(), stored.toString());
        assertEquals(ana.id().toString(), stored.path("sender_id").asText(), "sent by the user who linked the number");
        assertEquals(conversation.toString(), stored.path("conversation_id").asText());
        assertEquals(List.of(stored), api.history(ana, conversation, 20), "ana sees it in the same conversation");
        assertEquals(inboundMessageId(providerId).toString(), stored.path("message_id").asText(),
                "the message id comes from the channel and the provider's id, so a repeated webhook is one message");

        String stranger = IdentitiesIT.freshNumber();
        String strangersId = sim.inbound(Channel.WHATSAPP, stranger, bia.username(), "who is this?");
        ConsumerRecord<String, byte[]> dead = kafka.find(Topics.INBOUND_DLQ.name(),
                        record -> record.value() != null
                                && new String(record.value(), StandardCharsets.UTF_8).contains(strangersId),
                        Duration.ofSeconds(60))
                .orElseThrow(() -> new AssertionError("the unlinked sender's message is not on " + Topics.INBOUND_DLQ));
        assertEquals(stranger, dead.key(), "keyed by the sender's address");
        InboundMessage deadMessage = decode(dead);
        assertEquals(new InboundMessage(Channel.WHATSAPP, strangersId, stranger, bia.username(), "who is this?",
                deadMessage.receivedAt()), deadMessage);
        assertTrue(reason(dead).contains(stranger), reason(dead));
        assertNull(cassandra.lookup(inboundMessageId(strangersId)), "nothing stored for it");
        assertEquals(List.of(stored), api.history(bia, conversation, 20));
    }

    /** The id the router gives an inbound message (ADR 0003: derived from channel and provider id). */
    private static UUID inboundMessageId(String providerId) {
        return UUID.nameUUIDFromBytes(("chat4all-inbound:whatsapp:" + providerId).getBytes(StandardCharsets.UTF_8));
    }

    private static InboundMessage decode(ConsumerRecord<String, byte[]> record) {
        try {
            return InboundMessageCodec.decode(record.value());
        } catch (Exception e) {
            throw new AssertionError("undecodable inbound message " + record, e);
        }
    }
}
