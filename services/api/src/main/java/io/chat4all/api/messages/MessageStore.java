package io.chat4all.api.messages;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Stored messages, as the router wrote them: the history ({@code messages}), the lookup by id
 * ({@code messages_by_id}), and read receipts ({@code message_reads}, written here).
 */
public final class MessageStore {
    private static final String HISTORY = "SELECT seq, message_id, conversation_id, sender_id, text, accepted_at, "
            + "file_id FROM messages WHERE conversation_id = ?";

    private final CqlSession session;
    private final PreparedStatement newest;
    private final PreparedStatement olderThan;
    private final PreparedStatement oldest;
    private final PreparedStatement newerThan;
    private final PreparedStatement selectById;
    private final PreparedStatement selectReads;
    private final PreparedStatement insertRead;

    public MessageStore(CqlSession session) {
        this.session = session;
        this.newest = session.prepare(HISTORY + " ORDER BY seq DESC LIMIT ?");
        this.olderThan = session.prepare(HISTORY + " AND seq < ? ORDER BY seq DESC LIMIT ?");
        this.oldest = session.prepare(HISTORY + " ORDER BY seq ASC LIMIT ?");
        this.newerThan = session.prepare(HISTORY + " AND seq > ? ORDER BY seq ASC LIMIT ?");
        this.selectById = session.prepare("SELECT message_id, conversation_id, sender_id, status, accepted_at, stored_at, "
                + "file_id FROM messages_by_id WHERE message_id = ?");
        this.selectReads = session.prepare("SELECT reader_id, read_at FROM message_reads WHERE message_id = ?");
        this.insertRead = session.prepare("INSERT INTO message_reads (message_id, reader_id, read_at) VALUES (?, ?, ?) "
                + "IF NOT EXISTS");
    }

    /** A history row and its position. */
    public record HistoryRow(UUID seq, HistoryItem item) {
    }

    /** A message of the history, as the api shows it; {@code fileId} only when it carries a file. */
    public record HistoryItem(UUID messageId, UUID conversationId, UUID senderId, String text, Instant acceptedAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) UUID fileId) {
    }

    /** A stored message's lookup row; {@code fileId} is null when it carries no file. */
    public record StoredMessage(UUID messageId, UUID conversationId, UUID senderId, String status, Instant acceptedAt,
                                Instant storedAt, UUID fileId) {
    }

    /** Up to {@code limit} messages, oldest or newest first, strictly past {@code after} when given. */
    public List<HistoryRow> history(UUID conversationId, Optional<UUID> after, boolean ascending, int limit) {
        BoundStatement statement = after
                .map(position -> (ascending ? newerThan : olderThan).bind(conversationId, position, limit))
                .orElseGet(() -> (ascending ? oldest : newest).bind(conversationId, limit));
        return session.execute(statement).all().stream()
                .map(row -> new HistoryRow(row.getUuid("seq"), new HistoryItem(row.getUuid("message_id"),
                        row.getUuid("conversation_id"), row.getUuid("sender_id"), row.getString("text"),
                        row.getInstant("accepted_at"), row.getUuid("file_id"))))
                .toList();
    }

    public Optional<StoredMessage> find(UUID messageId) {
        Row row = session.execute(selectById.bind(messageId)).one();
        return row == null ? Optional.empty() : Optional.of(new StoredMessage(row.getUuid("message_id"),
                row.getUuid("conversation_id"), row.getUuid("sender_id"), row.getString("status"),
                row.getInstant("accepted_at"), row.getInstant("stored_at"), row.getUuid("file_id")));
    }

    /** When each reader read the message. */
    public Map<UUID, Instant> reads(UUID messageId) {
        Map<UUID, Instant> reads = new HashMap<>();
        session.execute(selectReads.bind(messageId)).forEach(row -> reads.put(row.getUuid("reader_id"), row.getInstant("read_at")));
        return reads;
    }

    /** Records the read unless the reader already read it; returns the first read time either way. */
    public Instant markRead(UUID messageId, UUID readerId, Instant readAt) {
        Row row = session.execute(insertRead.bind(messageId, readerId, readAt)).one();
        return row.getBoolean("[applied]") ? readAt : row.getInstant("read_at");
    }
}
