package io.chat4all.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.chat4all.contracts.Topics;
import io.chat4all.it.ApiClient.User;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Records the router cannot use go to the dead-letter topic with a reason, and the stream keeps flowing. */
@ExtendWith(TestStack.class)
class PoisonRecordIT {

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheWorkerKeepsGoing(ApiClient api, KafkaProbe kafka,
                                                                   CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        UUID conversation = api.privateConversation(alice, api.newUser("bob"));
        byte[] garbage = ("not json at all " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] incomplete = ("{\"message_id\": \"" + UUID.randomUUID() + "\", \"text\": \"no conversation\"}")
                .getBytes(StandardCharsets.UTF_8);

        // Same key as the conversation: the poison sits in front of the next real message on its partition.
        kafka.send(Topics.MESSAGES.name(), conversation.toString(), garbage);
        kafka.send(Topics.MESSAGES.name(), conversation.toString(), incomplete);
        UUID after = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, conversation, "still flowing");

        for (byte[] poison : List.of(garbage, incomplete)) {
            ConsumerRecord<String, byte[]> dead = kafka.find(Topics.MESSAGES_DLQ.name(),
                    record -> Arrays.equals(record.value(), poison), Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("poison record not dead-lettered"));
            assertEquals(conversation.toString(), dead.key());
            assertNotNull(dead.headers().lastHeader("dlq.reason"));
            assertFalse(new String(dead.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8).isBlank());
        }
        assertEquals(List.of(after), cassandra.historyMessageIds(conversation));
    }

    /**
     * A record that decodes but whose text Cassandra cannot bind (an unpaired UTF-16 surrogate) once stopped all
     * storage. Now it is dead-lettered (at once if the codec rejects it, else after a few attempts) and the next
     * message of the same conversation, behind it on the same partition, is stored and readable.
     */
    @Test
    void unbindableTextIsDeadLetteredAndTheConversationMovesOn(ApiClient api, KafkaProbe kafka,
                                                               CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        UUID conversation = api.privateConversation(alice, bob);
        UUID poisonId = UUID.randomUUID();
        // A valid event but for its text: the JSON escape of a lone high surrogate (backslash, u, d800).
        byte[] poison = ("{\"message_id\":\"" + poisonId + "\",\"conversation_id\":\"" + conversation
                + "\",\"sender_id\":\"" + alice.id() + "\",\"seq\":\"" + Uuids.timeBased()
                + "\",\"text\":\"bad \\ud800 x\",\"accepted_at\":\"" + Instant.now() + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        kafka.send(Topics.MESSAGES.name(), conversation.toString(), poison);
        UUID after = UUID.fromString(require(api.send(alice, conversation, "after the poison"), 202)
                .json().path("message_id").asText());

        ConsumerRecord<String, byte[]> dead = kafka.find(Topics.MESSAGES_DLQ.name(),
                record -> Arrays.equals(record.value(), poison), Duration.ofSeconds(60))
                .orElseThrow(() -> new AssertionError("the unbindable record is not in " + Topics.MESSAGES_DLQ.name()));
        assertEquals(conversation.toString(), dead.key());
        assertFalse(new String(dead.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8).isBlank());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/v1/messages/" + after, alice.token()).status() == 200);
        assertEquals(after.toString(),
                require(api.get("/v1/messages/" + after, alice.token()), 200).json().path("message_id").asText());
        assertEquals(List.of(after.toString()), api.history(bob, conversation, 10).stream()
                .map(message -> message.path("message_id").asText()).toList());
        assertNull(cassandra.lookup(poisonId), "the poison itself is not stored");
    }
}
