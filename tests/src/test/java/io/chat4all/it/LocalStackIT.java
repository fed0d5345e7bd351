package io.chat4all.it;

import java.util.Set;
import java.util.stream.Collectors;

import io.chat4all.common.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The launcher (Java 17, so it cannot use the services' code) creates the topics and tables the services use. */
@ExtendWith(TestStack.class)
class LocalStackIT {

    @Test
    void topicsAreTheOnesTheServicesUse(KafkaProbe kafka) {
        assertEquals(6, kafka.endOffsets(Topics.MESSAGES).size(), "messages: 6 partitions, the unit of router scaling");
        assertEquals(1, kafka.endOffsets(Topics.MESSAGES_DLQ).size());
    }

    @Test
    void schemaHasEveryTable(CassandraProbe cassandra) {
        Set<String> tables = cassandra.session()
                .execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'chat4all'")
                .all().stream().map(row -> row.getString("table_name")).collect(Collectors.toSet());
        assertEquals(Set.of("users", "users_by_id", "conversations", "conversation_members", "user_conversations",
                "private_conversations", "messages", "messages_by_id", "accepted_messages", "message_reads"), tables);
    }
}
