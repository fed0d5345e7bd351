package io.chat4all.router;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.MessageStatus;

/**
 * Writes an accepted message to Cassandra: its history row ({@code messages}) and its lookup row
 * ({@code messages_by_id}, status SENT) as one UNLOGGED batch, with the id of the file it carries, if any.
 *
 * <p>Both rows are keyed by the event itself ({@code conversation_id + seq}, {@code message_id}), so storing the same
 * event again rewrites the same rows: a redelivered record never makes a second message.
 *
 * <p>The write timestamp is the event's {@code accepted_at}, not the time of the store: a redelivery, however late,
 * then loses to any later update of the same cells (a status moved past SENT, once connectors write one) instead
 * of reverting it.
 */
public final class MessageStore {

    private final CqlSession session;
    private final Clock clock;
    private final PreparedStatement insertHistory;
    private final PreparedStatement insertLookup;

    public MessageStore(CqlSession session) {
        this(session, Clock.systemUTC());
    }

    MessageStore(CqlSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
        this.insertHistory = session.prepare("""
                INSERT INTO messages (conversation_id, seq, message_id, sender_id, text, accepted_at, file_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)""");
        this.insertLookup = session.prepare("""
                INSERT INTO messages_by_id (message_id, conversation_id, seq, sender_id, status, accepted_at, stored_at,
                                            file_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
    }

    /** Stores the message; completes when Cassandra acknowledged both rows. */
    public CompletionStage<Void> store(MessageEvent e) {
        // Without a file, file_id stays unset (not null): a null would write a tombstone for every message.
        BoundStatement history = insertHistory.bind(e.conversationId(), e.seq(), e.messageId(), e.senderId(), e.text(),
                e.acceptedAt());
        BoundStatement lookup = insertLookup.bind(e.messageId(), e.conversationId(), e.seq(), e.senderId(),
                MessageStatus.SENT.name(), e.acceptedAt(), clock.instant());
        if (e.fileId().isPresent()) {
            history = history.setUuid("file_id", e.fileId().get());
            lookup = lookup.setUuid("file_id", e.fileId().get());
        }
        BatchStatement batch = BatchStatement.newInstance(BatchType.UNLOGGED, history, lookup)
                .setQueryTimestamp(writeTimestampMicros(e.acceptedAt()))
                .setIdempotent(true);
        return session.executeAsync(batch).thenApply(rows -> null);
    }

    /** Cassandra write timestamps are microseconds since the epoch. */
    static long writeTimestampMicros(Instant acceptedAt) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, acceptedAt);
    }
}
