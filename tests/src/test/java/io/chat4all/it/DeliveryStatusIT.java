package io.chat4all.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.InvalidEventException;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.OutboundMessage;
import io.chat4all.contracts.OutboundMessageCodec;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.contracts.StatusEventCodec;
import io.chat4all.contracts.Topics;
import io.chat4all.it.ApiClient.Response;
import io.chat4all.it.ApiClient.User;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-recipient delivery status (ADR 0003) on the real stack: the router's fan-out (ACCEPTED and SENT for every
 * recipient, an outbound record for each linked one), reports through the api, and the status applier's forward-only
 * rule and dead letters.
 */
@ExtendWith(TestStack.class)
class DeliveryStatusIT {
    private static final String STATUS_GROUP = "chat4all-router-status";

    @Test
    void anInternalRecipientGoesFromSentToDeliveredToReadAndTheSenderSeesIt(ApiClient api, CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        UUID message = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, api.privateConversation(alice, bob), "hi");

        JsonNode sent = recipient(require(api.get("/v1/messages/" + message, alice.token()), 200).json(), bob);
        assertEquals("SENT", sent.path("status").asText());
        assertTrue(sent.path("channel").isNull(), "served inside Chat4All: " + sent);
        assertEquals(List.of("ACCEPTED", "SENT"), statuses(sent));

        Response delivered = require(api.post("/v1/messages/" + message + "/delivered", Map.of(), bob.token()), 202);
        assertEquals("DELIVERED", delivered.json().path("status").asText());
        awaitStatus(api, alice, message, bob, "DELIVERED");
        Response read = require(api.post("/v1/messages/" + message + "/read", Map.of(), bob.token()), 202);

        JsonNode status = awaitStatus(api, alice, message, bob, "READ");
        assertEquals("READ", status.path("status").asText(), "the sender sees READ");
        JsonNode bobs = recipient(status, bob);
        assertEquals(List.of("ACCEPTED", "SENT", "DELIVERED", "READ"), statuses(bobs));
        List<Instant> times = new ArrayList<>();
        bobs.path("history").forEach(change -> times.add(Instant.parse(change.path("at").asText())));
        assertEquals(times.stream().sorted().toList(), times, "history times are in order: " + bobs);
        assertEquals(delivered.json().path("at").asText(), bobs.path("history").get(2).path("at").asText());
        assertEquals(read.json().path("at").asText(), bobs.path("read_at").asText());
        assertTrue(bobs.path("history").get(3).path("channel").isNull());
    }

    @Test
    void aGroupMessageGoesOutOnlyToTheLinkedMemberAndEachRecipientIsTrackedAlone(ApiClient api, CassandraProbe cassandra,
                                                                                 KafkaProbe kafka) throws Exception {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        User carol = api.newUser("carol");
        User dave = api.newUser("dave");
        String number = IdentitiesIT.freshNumber();
        IdentitiesIT.link(api, dave, "whatsapp", number);
        UUID group = api.groupConversation(alice, "three recipients", List.of(bob, carol, dave));
        UUID message = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, group, "hello all");

        ConsumerRecord<String, byte[]> out = kafka.find(Channel.WHATSAPP.outboundTopic().name(),
                RedeliveryIT.carrying(message), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no outbound record for dave"));
        assertEquals(group.toString(), out.key(), "keyed by conversation");
        OutboundMessage outbound = OutboundMessageCodec.decode(out.value());
        assertEquals(new OutboundMessage(message, group, alice.id(), dave.id(), Channel.WHATSAPP, number, "hello all",
                Optional.empty(), outbound.acceptedAt()), outbound);
        for (Channel channel : Channel.values()) {
            List<UUID> recipients = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : kafka.findAll(channel.outboundTopic().name(),
                    RedeliveryIT.carrying(message))) {
                recipients.add(OutboundMessageCodec.decode(record.value()).recipientId());
            }
            assertEquals(channel == Channel.WHATSAPP ? List.of(dave.id()) : List.of(), recipients.stream().distinct().toList(),
                    "outbound records on " + channel.outboundTopic());
        }

        require(api.post("/v1/messages/" + message + "/delivered", Map.of(), bob.token()), 202);
        // Dave's receipts come from the provider simulator through the WhatsApp connector: DELIVERED, soon READ.
        JsonNode status = await().atMost(Duration.ofSeconds(30))
                .until(() -> require(api.get("/v1/messages/" + message, alice.token()), 200).json(),
                        seen -> List.of("DELIVERED", "READ").contains(recipient(seen, dave).path("status").asText())
                                && "DELIVERED".equals(recipient(seen, bob).path("status").asText()));
        assertEquals(3, status.path("recipients").size());
        assertEquals("SENT", recipient(status, carol).path("status").asText());
        assertEquals("SENT", status.path("status").asText(), "the least advanced recipient");
        assertEquals("whatsapp", recipient(status, dave).path("channel").asText());
        assertEquals("whatsapp", recipient(status, dave).path("history").get(2).path("channel").asText());
        assertTrue(recipient(status, bob).path("channel").isNull());
    }

    @Test
    void aGroupTooLargeForOneBatchHasEveryRecipientRecordedOnceTheMessageIsStored(ApiClient api,
                                                                               CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        List<User> members = new ArrayList<>();
        for (int i = 0; i < 34; i++) {   // 34 recipients: 32 go with the message, 2 in a batch written before it
            members.add(api.newUser("member" + i));
        }
        UUID group = api.groupConversation(alice, "thirty-four recipients", members);

        UUID message = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, group, "hello everyone");

        JsonNode status = require(api.get("/v1/messages/" + message, alice.token()), 200).json();
        assertEquals(34, status.path("recipients").size(), status::toString);
        for (User member : members) {
            assertEquals(List.of("ACCEPTED", "SENT"), statuses(recipient(status, member)), member.username());
        }
    }

    @Test
    void lateAndBackwardStatusesChangeNothing(ApiClient api, CassandraProbe cassandra, KafkaProbe kafka) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        UUID message = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, api.privateConversation(alice, bob), "x");
        Instant deliveredAt = Instant.now().minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        inject(kafka, message, bob, MessageStatus.DELIVERED, deliveredAt);
        inject(kafka, message, bob, MessageStatus.SENT, deliveredAt.plusSeconds(1));
        inject(kafka, message, bob, MessageStatus.PENDING, deliveredAt.plusSeconds(2));
        RecordMetadata last = inject(kafka, message, bob, MessageStatus.FAILED, deliveredAt.plusSeconds(3));
        awaitApplied(kafka, last);

        JsonNode bobs = recipient(require(api.get("/v1/messages/" + message, alice.token()), 200).json(), bob);
        assertEquals("DELIVERED", bobs.path("status").asText());
        assertEquals(List.of("ACCEPTED", "SENT", "DELIVERED"), statuses(bobs));
        assertEquals(deliveredAt, Instant.parse(bobs.path("history").get(2).path("at").asText()));
    }

    @Test
    void aMalformedStatusIsDeadLetteredAndTheNextOneApplied(ApiClient api, CassandraProbe cassandra, KafkaProbe kafka) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        UUID message = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, api.privateConversation(alice, bob), "y");
        byte[] garbage = ("{\"message_id\":\"" + message + "\",\"status\":\"DELIVERED\"}").getBytes(StandardCharsets.UTF_8);

        kafka.send(Topics.STATUS.name(), message.toString(), garbage);
        inject(kafka, message, bob, MessageStatus.DELIVERED, Instant.now());

        awaitStatus(api, alice, message, bob, "DELIVERED");
        ConsumerRecord<String, byte[]> dead = kafka.find(Topics.STATUS_DLQ.name(),
                        record -> Arrays.equals(record.value(), garbage), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("the malformed status is not in " + Topics.STATUS_DLQ));
        assertEquals(message.toString(), dead.key());
        assertTrue(reason(dead).contains("recipient_id"), reason(dead));
    }

    /** A status for someone the message was never sent to is retried a few times (the fan-out may lag), then dead-lettered. */
    @Test
    void aStatusForAnUnknownRecipientIsDeadLetteredAfterItsAttempts(ApiClient api, CassandraProbe cassandra,
                                                                    KafkaProbe kafka) throws InvalidEventException {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        UUID message = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, api.privateConversation(alice, bob), "z");
        UUID stranger = UUID.randomUUID();

        inject(kafka, message, new User(stranger, "stranger", null), MessageStatus.DELIVERED, Instant.now());

        ConsumerRecord<String, byte[]> dead = kafka.find(Topics.STATUS_DLQ.name(),
                        record -> record.value() != null && new String(record.value(), StandardCharsets.UTF_8)
                                .contains(stranger.toString()), Duration.ofSeconds(60))
                .orElseThrow(() -> new AssertionError("the unknown recipient's status is not in " + Topics.STATUS_DLQ));
        assertEquals(stranger, StatusEventCodec.decode(dead.value()).recipientId());
        assertTrue(reason(dead).contains("has no recipient " + stranger), reason(dead));
        assertEquals(1, require(api.get("/v1/messages/" + message, alice.token()), 200).json().path("recipients").size());
    }

    private static RecordMetadata inject(KafkaProbe kafka, UUID message, User recipient, MessageStatus status, Instant at) {
        return kafka.send(Topics.STATUS.name(), message.toString(), StatusEventCodec.encode(new StatusEvent(message,
                recipient.id(), status, Optional.empty(), at, Optional.empty())));
    }

    /** The router's status group committed past the record: it was applied (or dead-lettered). */
    private static void awaitApplied(KafkaProbe kafka, RecordMetadata record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.committedOffsets(STATUS_GROUP, record.topic()).get(partition) > record.offset());
    }

    static JsonNode awaitStatus(ApiClient api, User reader, UUID message, User recipient, String status) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> require(api.get("/v1/messages/" + message, reader.token()), 200).json(),
                        seen -> status.equals(recipient(seen, recipient).path("status").asText()));
    }

    static JsonNode recipient(JsonNode status, User user) {
        for (JsonNode recipient : status.path("recipients")) {
            if (recipient.path("user_id").asText().equals(user.id().toString())) {
                return recipient;
            }
        }
        throw new AssertionError(user.username() + " is not a recipient in " + status);
    }

    static List<String> statuses(JsonNode recipient) {
        List<String> statuses = new ArrayList<>();
        recipient.path("history").forEach(change -> statuses.add(change.path("status").asText()));
        assertFalse(statuses.isEmpty(), "a history: " + recipient);
        return statuses;
    }

    static String reason(ConsumerRecord<String, byte[]> dead) {
        return new String(dead.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8);
    }
}
