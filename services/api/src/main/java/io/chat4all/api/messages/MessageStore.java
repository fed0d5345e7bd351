package io.chat4all.api.messages;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.chat4all.contracts.MessageStatus;

/**
 * Stored messages, as the router wrote them: the history ({@code messages}), the lookup by id
 * ({@code messages_by_id}) and the per-recipient statuses ({@code message_status_history}). The api writes none of
 * them.
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
    private final PreparedStatement selectStatuses;
    private final PreparedStatement selectRecipient;

    public MessageStore(CqlSession session) {
        this.session = session;
        this.newest = session.prepare(HISTORY + " ORDER BY seq DESC LIMIT ?");
        this.olderThan = session.prepare(HISTORY + " AND seq < ? ORDER BY seq DESC LIMIT ?");
        this.oldest = session.prepare(HISTORY + " ORDER BY seq ASC LIMIT ?");
        this.newerThan = session.prepare(HISTORY + " AND seq > ? ORDER BY seq ASC LIMIT ?");
        this.selectById = session.prepare("SELECT message_id, conversation_id, sender_id, status, accepted_at, stored_at, "
                + "file_id FROM messages_by_id WHERE message_id = ?");
        this.selectStatuses = session.prepare("SELECT recipient_id, status, at, channel, reason "
                + "FROM message_status_history WHERE message_id = ?");
        this.selectRecipient = session.prepare("SELECT status FROM message_status_history "
                + "WHERE message_id = ? AND recipient_id = ? LIMIT 1");
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

    /** One status a recipient reached: where ({@code channel}, null inside Chat4All) and why (PENDING, FAILED). */
    public record StatusEntry(UUID recipientId, MessageStatus status, Instant at, String channel, String reason) {
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

    /** Every status every recipient of the message reached, recipient by recipient. */
    public List<StatusEntry> statuses(UUID messageId) {
        return session.execute(selectStatuses.bind(messageId)).all().stream()
                .map(row -> new StatusEntry(row.getUuid("recipient_id"), MessageStatus.valueOf(row.getString("status")),
                        row.getInstant("at"), row.getString("channel"), row.getString("reason")))
                .toList();
    }

    /** Whether the user is one of the message's recipients (the router recorded statuses for them). */
    public boolean isRecipient(UUID messageId, UUID userId) {
        return session.execute(selectRecipient.bind(messageId, userId)).one() != null;
    }
}
