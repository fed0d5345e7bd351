package io.chat4all.contracts;

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
}
