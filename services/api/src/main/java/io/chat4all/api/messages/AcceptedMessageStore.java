package io.chat4all.api.messages;

import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chat4all.contracts.MessageEvent;

/**
 * Claims of client-chosen message ids in {@code accepted_messages}. The first accept of an id stores its whole event,
 * so a retry can publish that very event again (same seq) and the router's writes stay exactly-once.
 *
 * <p>An id is taken when it is claimed <em>or</em> already stored: ids the api generated are never claimed (that
 * would cost every message a lightweight transaction), and a member who read one in a history must not be able to
 * claim it for another message, which would repoint its lookup row.
 */
public final class AcceptedMessageStore {
    private final CqlSession session;
    private final PreparedStatement claim;
    private final PreparedStatement storedLookup;
    private final PreparedStatement storedText;

    /**
     * The event that holds a message id, and the id of the file it carries: the event is rebuilt from storage, which
     * keeps the file's id but not its signed link.
     */
    public record Claim(MessageEvent event, Optional<UUID> fileId) {
    }

    public AcceptedMessageStore(CqlSession session) {
        this.session = session;
        this.claim = session.prepare("INSERT INTO accepted_messages "
                + "(message_id, sender_id, conversation_id, seq, text, accepted_at, file_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "IF NOT EXISTS");
        this.storedLookup = session.prepare(
                "SELECT conversation_id, seq, sender_id, accepted_at FROM messages_by_id WHERE message_id = ?");
        this.storedText = session.prepare("SELECT text, file_id FROM messages WHERE conversation_id = ? AND seq = ?");
    }

    /** Claims the event's message id for it; returns the claim that holds the id, the given event if it is new. */
    public Claim claim(MessageEvent event) {
        Row stored = session.execute(storedLookup.bind(event.messageId())).one();
        if (stored != null) {
            return storedEvent(event, stored);
        }
        Row row = session.execute(claim.bind(event.messageId(), event.senderId(), event.conversationId(), event.seq(),
                event.text(), event.acceptedAt(), event.fileId().orElse(null))).one();
        if (row.getBoolean("[applied]")) {
            return new Claim(event, event.fileId());
        }
        return new Claim(new MessageEvent(row.getUuid("message_id"), row.getUuid("conversation_id"),
                row.getUuid("sender_id"), row.getUuid("seq"), row.getString("text"), row.getInstant("accepted_at")),
                Optional.ofNullable(row.getUuid("file_id")));
    }

    private Claim storedEvent(MessageEvent attempt, Row lookup) {
        Row history = session.execute(storedText.bind(lookup.getUuid("conversation_id"), lookup.getUuid("seq"))).one();
        MessageEvent event = new MessageEvent(attempt.messageId(), lookup.getUuid("conversation_id"),
                lookup.getUuid("sender_id"), lookup.getUuid("seq"), history == null ? null : history.getString("text"),
                lookup.getInstant("accepted_at"));
        return new Claim(event, Optional.ofNullable(history == null ? null : history.getUuid("file_id")));
    }
}
