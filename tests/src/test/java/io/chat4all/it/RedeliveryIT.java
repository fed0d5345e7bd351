package io.chat4all.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.chat4all.contracts.Topics;
import io.chat4all.it.ApiClient.User;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Kafka delivers at least once: the router must turn a second delivery of the same record into no second message. */
@ExtendWith(TestStack.class)
class RedeliveryIT {

    @Test
    void theSameRecordDeliveredTwiceYieldsOneStoredMessage(ApiClient api, KafkaProbe kafka, CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        UUID conversation = api.privateConversation(alice, bob);
        UUID first = sendAndAwaitStored(api, cassandra, alice, conversation, "only once");

        ConsumerRecord<String, byte[]> original = kafka.find(Topics.MESSAGES.name(), carrying(first), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("the accepted message is not on the messages topic"));
        kafka.send(Topics.MESSAGES.name(), original.key(), original.value());

        // Same key, same partition: once the marker is stored, the router has processed the redelivered record.
        UUID marker = sendAndAwaitStored(api, cassandra, alice, conversation, "after the redelivery");

        assertEquals(List.of(first, marker), cassandra.historyMessageIds(conversation));
        assertEquals(2, api.history(bob, conversation, 10).size());
    }

    static UUID sendAndAwaitStored(ApiClient api, CassandraProbe cassandra, User sender, UUID conversation, String text) {
        UUID id = UUID.fromString(require(api.send(sender, conversation, text), 202).json().path("message_id").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> cassandra.lookup(id) != null);
        return id;
    }

    static java.util.function.Predicate<ConsumerRecord<String, byte[]>> carrying(UUID messageId) {
        return record -> record.value() != null
                && new String(record.value(), StandardCharsets.UTF_8).contains(messageId.toString());
    }
}
