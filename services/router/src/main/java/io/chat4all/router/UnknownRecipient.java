package io.chat4all.router;

import java.util.UUID;

/** A status for a recipient the message still has no record of after every attempt: the record is dead-lettered. */
final class UnknownRecipient extends Exception {
    UnknownRecipient(UUID messageId, UUID recipientId, int attempts) {
        super("message " + messageId + " has no recipient " + recipientId + " (after " + attempts
                + " attempts): unknown message, not a recipient, or the message was never stored", null, false, false);
    }
}
