package io.chat4all.contracts;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static io.chat4all.contracts.MessageStatus.ACCEPTED;
import static io.chat4all.contracts.MessageStatus.DELIVERED;
import static io.chat4all.contracts.MessageStatus.FAILED;
import static io.chat4all.contracts.MessageStatus.PENDING;
import static io.chat4all.contracts.MessageStatus.READ;
import static io.chat4all.contracts.MessageStatus.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageStatusTest {

    private static Set<MessageStatus> nextOf(MessageStatus status) {
        Set<MessageStatus> next = EnumSet.noneOf(MessageStatus.class);
        for (MessageStatus candidate : MessageStatus.values()) {
            if (status.canMoveTo(candidate)) {
                next.add(candidate);
            }
        }
        return next;
    }

    @Test
    void everyStatusMovesOnlyToLaterOnesAndToFailedBeforeDelivery() {
        assertEquals(EnumSet.of(SENT, PENDING, DELIVERED, READ, FAILED), nextOf(ACCEPTED));
        assertEquals(EnumSet.of(PENDING, DELIVERED, READ, FAILED), nextOf(SENT));
        assertEquals(EnumSet.of(DELIVERED, READ, FAILED), nextOf(PENDING));
        assertEquals(EnumSet.of(READ), nextOf(DELIVERED));
        assertEquals(EnumSet.noneOf(MessageStatus.class), nextOf(READ));
        assertEquals(EnumSet.noneOf(MessageStatus.class), nextOf(FAILED));
    }

    @Test
    void lateEventsInAnyOrderEndAtTheFurthestStatus() {
        // Whatever order DELIVERED, a late PENDING, a duplicate DELIVERED and READ arrive in, the forward-only rule
        // ends at READ, and no event moves a status back.
        MessageStatus[][] orders = {
                {PENDING, DELIVERED, READ, DELIVERED},
                {READ, PENDING, DELIVERED},
                {DELIVERED, PENDING, READ, SENT},
        };
        for (MessageStatus[] order : orders) {
            MessageStatus current = SENT;
            for (MessageStatus event : order) {
                if (current.canMoveTo(event)) {
                    current = event;
                }
            }
            assertEquals(READ, current);
        }
    }
}
