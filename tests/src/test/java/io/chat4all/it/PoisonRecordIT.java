package io.chat4all.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.chat4all.common.Topics;
import io.chat4all.it.ApiClient.User;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
        kafka.send(Topics.MESSAGES, conversation.toString(), garbage);
        kafka.send(Topics.MESSAGES, conversation.toString(), incomplete);
        UUID after = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, conversation, "still flowing");

        for (byte[] poison : List.of(garbage, incomplete)) {
            ConsumerRecord<String, byte[]> dead = kafka.find(Topics.MESSAGES_DLQ,
                    record -> Arrays.equals(record.value(), poison), Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("poison record not dead-lettered"));
            assertEquals(conversation.toString(), dead.key());
            assertNotNull(dead.headers().lastHeader("dlq.reason"));
            assertFalse(new String(dead.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8).isBlank());
        }
        assertEquals(List.of(after), cassandra.historyMessageIds(conversation));
    }
}
