package io.chat4all.contracts;

import java.util.Collection;
import java.util.Optional;

/**
 * Where a message is in its life, per recipient. The order of the constants is the order of the lifecycle:
 * ACCEPTED (the api has it in Kafka), SENT (the router stored it and handed it on), PENDING (its channel is unavailable
 * and it waits), DELIVERED (the recipient's platform or client has it), READ (the recipient read it), or FAILED (a
 * permanent rejection, or retries exhausted).
 *
 * <p>Statuses only move forward ({@link #canMoveTo}), so a late or duplicate event never takes one back.
 */
public enum MessageStatus {
    ACCEPTED,
    SENT,
    PENDING,
    DELIVERED,
    READ,
    FAILED;

    /**
     * Whether a recipient at this status may move to {@code next}: to any later status of the lifecycle, or to FAILED
     * while not yet delivered. READ and FAILED are final; a status never moves to itself.
     */
    public boolean canMoveTo(MessageStatus next) {
        if (isFinal() || next == this) {
            return false;
        }
        if (next == FAILED) {
            return this.compareTo(DELIVERED) < 0;
        }
        return next.compareTo(this) > 0;
    }

    /** READ and FAILED: nothing follows them. */
    public boolean isFinal() {
        return this == READ || this == FAILED;
    }

    /**
     * Where a recipient is, given every status recorded for them (their history): the lifecycle walked from its start,
     * taking each recorded status that {@link #canMoveTo} allows. Empty when nothing is recorded. Since every recorded
     * status was reached by a legal move, this is the last one; should two writers ever race, the rule still picks one
     * answer (a FAILED beside a DELIVERED does not count).
     */
    public static Optional<MessageStatus> current(Collection<MessageStatus> recorded) {
        MessageStatus current = null;
        for (MessageStatus status : values()) {
            if (recorded.contains(status) && (current == null || current.canMoveTo(status))) {
                current = status;
            }
        }
        return Optional.ofNullable(current);
    }
}
