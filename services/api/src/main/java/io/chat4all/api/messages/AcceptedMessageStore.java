package io.chat4all.api.messages;

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

    public AcceptedMessageStore(CqlSession session) {
        this.session = session;
        this.claim = session.prepare("INSERT INTO accepted_messages "
                + "(message_id, sender_id, conversation_id, seq, text, accepted_at) VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        this.storedLookup = session.prepare(
                "SELECT conversation_id, seq, sender_id, accepted_at FROM messages_by_id WHERE message_id = ?");
        this.storedText = session.prepare("SELECT text FROM messages WHERE conversation_id = ? AND seq = ?");
    }

    /** Claims the event's message id for it; returns the event that holds the id, the given one if it is new. */
    public MessageEvent claim(MessageEvent event) {
        Row stored = session.execute(storedLookup.bind(event.messageId())).one();
        if (stored != null) {
            return storedEvent(event, stored);
        }
        Row row = session.execute(claim.bind(event.messageId(), event.senderId(), event.conversationId(), event.seq(),
                event.text(), event.acceptedAt())).one();
        if (row.getBoolean("[applied]")) {
            return event;
        }
        return new MessageEvent(row.getUuid("message_id"), row.getUuid("conversation_id"), row.getUuid("sender_id"),
                row.getUuid("seq"), row.getString("text"), row.getInstant("accepted_at"));
    }

    private MessageEvent storedEvent(MessageEvent attempt, Row lookup) {
        Row history = session.execute(storedText.bind(lookup.getUuid("conversation_id"), lookup.getUuid("seq"))).one();
        return new MessageEvent(attempt.messageId(), lookup.getUuid("conversation_id"), lookup.getUuid("sender_id"),
                lookup.getUuid("seq"), history == null ? null : history.getString("text"), lookup.getInstant("accepted_at"));
    }
}
