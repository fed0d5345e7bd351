package io.chat4all.api.messages;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chat4all.common.MessageEvent;

/**
 * Claims of client-chosen message ids in {@code accepted_messages}. The first accept of an id stores its whole event,
 * so a retry can publish that very event again (same seq) and the router's writes stay exactly-once.
 */
public final class AcceptedMessageStore {
    private final CqlSession session;
    private final PreparedStatement claim;

    public AcceptedMessageStore(CqlSession session) {
        this.session = session;
        this.claim = session.prepare("INSERT INTO accepted_messages "
                + "(message_id, sender_id, conversation_id, seq, text, accepted_at) VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS");
    }

    /** Claims the event's message id for it; returns the event that holds the claim, the given one if it is new. */
    public MessageEvent claim(MessageEvent event) {
        Row row = session.execute(claim.bind(event.messageId(), event.senderId(), event.conversationId(), event.seq(),
                event.text(), event.acceptedAt())).one();
        if (row.getBoolean("[applied]")) {
            return event;
        }
        return new MessageEvent(row.getUuid("message_id"), row.getUuid("conversation_id"), row.getUuid("sender_id"),
                row.getUuid("seq"), row.getString("text"), row.getInstant("accepted_at"));
    }
}
