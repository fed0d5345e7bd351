package io.chat4all.router;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.StatusEvent;

/** {@link StatusHistory} in {@code message_status_history}, one partition per message. */
final class CassandraStatusHistory implements StatusHistory {
    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement selectRecorded;

    CassandraStatusHistory(CqlSession session) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO message_status_history "
                + "(message_id, recipient_id, status, at, channel, reason) VALUES (?, ?, ?, ?, ?, ?)");
        this.selectRecorded = session.prepare("SELECT status, at FROM message_status_history "
                + "WHERE message_id = ? AND recipient_id = ?");
    }

    /**
     * The ACCEPTED (at {@code acceptedAt}) and SENT (at {@code sentAt}) rows of every recipient, with their delivery
     * channel, for {@link MessageStore#store} to write with the message. Storing the message again rewrites the same
     * rows: ACCEPTED unchanged, SENT with the time of that later store.
     */
    List<BoundStatement> sentRows(UUID messageId, List<Recipient> recipients, Instant acceptedAt, Instant sentAt) {
        List<BoundStatement> rows = new ArrayList<>(2 * recipients.size());
        for (Recipient recipient : recipients) {
            Optional<String> channel = recipient.identity().map(identity -> identity.channel().wireName());
            rows.add(row(messageId, recipient.userId(), MessageStatus.ACCEPTED, acceptedAt, channel, Optional.empty()));
            rows.add(row(messageId, recipient.userId(), MessageStatus.SENT, sentAt, channel, Optional.empty()));
        }
        return rows;
    }

    @Override
    public CompletionStage<Map<MessageStatus, Instant>> recorded(UUID messageId, UUID recipientId) {
        return session.executeAsync(selectRecorded.bind(messageId, recipientId).setIdempotent(true)).thenApply(rows -> {
            Map<MessageStatus, Instant> recorded = new EnumMap<>(MessageStatus.class);
            // One recipient has at most six rows: the first page holds them all.
            rows.currentPage().forEach(row -> recorded.put(MessageStatus.valueOf(row.getString("status")),
                    row.getInstant("at")));
            return recorded;
        });
    }

    @Override
    public CompletionStage<Void> append(StatusEvent event) {
        return session.executeAsync(row(event.messageId(), event.recipientId(), event.status(), event.at(),
                        event.channel().map(Channel::wireName), event.reason()).setIdempotent(true))
                .thenApply(rows -> null);
    }

    /**
     * One history row. An absent channel or reason stays unset, never null: a null is a tombstone, written for
     * every row otherwise, that each later read of the message's partition must step over.
     */
    private BoundStatement row(UUID messageId, UUID recipientId, MessageStatus status, Instant at,
                               Optional<String> channel, Optional<String> reason) {
        BoundStatementBuilder row = insert.boundStatementBuilder()
                .setUuid("message_id", messageId)
                .setUuid("recipient_id", recipientId)
                .setString("status", status.name())
                .setInstant("at", at);
        channel.ifPresent(name -> row.setString("channel", name));
        reason.ifPresent(text -> row.setString("reason", text));
        return row.build();
    }
}
