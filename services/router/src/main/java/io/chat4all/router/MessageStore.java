package io.chat4all.router;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.kit.telemetry.CapturedContext;

/**
 * Writes an accepted message to Cassandra with its recipients' first statuses, in one UNLOGGED batch: its history row
 * ({@code messages}), its lookup row ({@code messages_by_id}, status SENT, with the id of the file it carries, if any)
 * and ACCEPTED and SENT of every recipient ({@code message_status_history}). One request per message, where writing
 * the statuses first took two (ADR 0003). The lookup row and the statuses share their partition key (the message id),
 * so each replica applies them as one mutation, with one commit log entry: they are written together or not at all,
 * and a reader can find the lookup row without the statuses only while that one mutation is being applied (Cassandra
 * isolates rows of one table, not of two). The history row is another partition, as it was.
 *
 * <p>A large group's statuses do not all fit one batch (its 255 recipients make 510 rows, well past Cassandra's batch
 * size warning): beyond the first {@link #RECIPIENTS_WITH_THE_MESSAGE}, they are written first, in batches of as many,
 * in parallel, and the message with the first ones after them.
 *
 * <p>Every row is keyed by the event itself ({@code conversation_id + seq}, {@code message_id}, recipient and
 * status), so storing the same event again rewrites the same rows: a redelivered record never makes a second message.
 *
 * <p>The write timestamp is the event's {@code accepted_at}, not the time of the store: a redelivery, however late,
 * then loses to any later update of the same cells (a status moved past SENT by a connector) instead of reverting it.
 */
public final class MessageStore {

    /** Recipients whose statuses go in the message's own batch; a larger group's others go in batches before it. */
    static final int RECIPIENTS_WITH_THE_MESSAGE = 32;

    private final CqlSession session;
    private final CassandraStatusHistory statuses;
    private final Clock clock;
    private final PreparedStatement insertHistory;
    private final PreparedStatement insertLookup;

    public MessageStore(CqlSession session, CassandraStatusHistory statuses) {
        this(session, statuses, Clock.systemUTC());
    }

    MessageStore(CqlSession session, CassandraStatusHistory statuses, Clock clock) {
        this.session = session;
        this.statuses = statuses;
        this.clock = clock;
        this.insertHistory = session.prepare("""
                INSERT INTO messages (conversation_id, seq, message_id, sender_id, text, accepted_at, file_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)""");
        this.insertLookup = session.prepare("""
                INSERT INTO messages_by_id (message_id, conversation_id, seq, sender_id, status, accepted_at, stored_at,
                                            file_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
    }

    /**
     * Stores the message with ACCEPTED and SENT (at {@code sentAt}) for each recipient; completes when Cassandra
     * acknowledged every row.
     */
    public CompletionStage<Void> store(MessageEvent e, List<Recipient> recipients, Instant sentAt) {
        List<Recipient> withTheMessage = recipients.subList(0, Math.min(recipients.size(), RECIPIENTS_WITH_THE_MESSAGE));
        List<CompletableFuture<?>> before = new ArrayList<>();
        for (int from = withTheMessage.size(); from < recipients.size(); from += RECIPIENTS_WITH_THE_MESSAGE) {
            List<Recipient> some = recipients.subList(from, Math.min(from + RECIPIENTS_WITH_THE_MESSAGE, recipients.size()));
            before.add(session.executeAsync(batch(e, statuses.sentRows(e.messageId(), some, e.acceptedAt(), sentAt)))
                    .toCompletableFuture());
        }
        List<BatchableStatement<?>> rows = new ArrayList<>(statuses.sentRows(e.messageId(), withTheMessage,
                e.acceptedAt(), sentAt));
        rows.addAll(messageRows(e));
        if (before.isEmpty()) {
            return session.executeAsync(batch(e, rows)).thenApply(result -> null);
        }
        // Written once the others are, from a driver thread: the handler's trace context comes along.
        CapturedContext here = CapturedContext.capture();
        return CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                .thenCompose(here.wrap(written -> session.executeAsync(batch(e, rows))))
                .thenApply(result -> null);
    }

    private List<BoundStatement> messageRows(MessageEvent e) {
        // Without a file, file_id stays unset (not null): a null would write a tombstone for every message.
        BoundStatement history = insertHistory.bind(e.conversationId(), e.seq(), e.messageId(), e.senderId(), e.text(),
                e.acceptedAt());
        BoundStatement lookup = insertLookup.bind(e.messageId(), e.conversationId(), e.seq(), e.senderId(),
                MessageStatus.SENT.name(), e.acceptedAt(), clock.instant());
        if (e.fileId().isPresent()) {
            history = history.setUuid("file_id", e.fileId().get());
            lookup = lookup.setUuid("file_id", e.fileId().get());
        }
        return List.of(history, lookup);
    }

    private static BatchStatement batch(MessageEvent e, List<? extends BatchableStatement<?>> rows) {
        return BatchStatement.newInstance(BatchType.UNLOGGED)
                .addAll(rows)
                .setQueryTimestamp(writeTimestampMicros(e.acceptedAt()))
                .setIdempotent(true);
    }

    /** Cassandra write timestamps are microseconds since the epoch. */
    static long writeTimestampMicros(Instant acceptedAt) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, acceptedAt);
    }
}
