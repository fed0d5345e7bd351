package io.chat4all.it;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chat4all.stack.LocalStack;

/** Reads Cassandra directly, so tests can check stored rows and not only what the API says. */
public final class CassandraProbe implements AutoCloseable {
    private final CqlSession session;

    CassandraProbe(LocalStack stack) {
        this.session = CqlSession.builder()
                .addContactPoint(stack.cassandraContactPoint())
                .withLocalDatacenter("datacenter1")
                .withKeyspace("chat4all")
                .build();
    }

    public CqlSession session() {
        return session;
    }

    /** History rows of a conversation, counted in storage. */
    public long historyRows(UUID conversationId) {
        return session.execute("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversationId)
                .one().getLong(0);
    }

    /** Message ids of a conversation's history rows, oldest first. */
    public List<UUID> historyMessageIds(UUID conversationId) {
        return session.execute("SELECT message_id FROM messages WHERE conversation_id = ? ORDER BY seq ASC", conversationId)
                .all().stream().map(row -> row.getUuid("message_id")).toList();
    }

    /** The lookup row of a message, or null while it is not stored. */
    public Row lookup(UUID messageId) {
        return session.execute("SELECT * FROM messages_by_id WHERE message_id = ?", messageId).one();
    }

    /** The stored text of a message of the conversation, empty while the router has not stored it. */
    public Optional<String> storedText(UUID conversationId, UUID messageId) {
        Row lookup = lookup(messageId);
        if (lookup == null) {
            return Optional.empty();
        }
        Row history = session.execute("SELECT text FROM messages WHERE conversation_id = ? AND seq = ?", conversationId,
                lookup.getUuid("seq")).one();
        return Optional.ofNullable(history).map(row -> row.getString("text"));
    }

    @Override
    public void close() {
        session.close();
    }
}
