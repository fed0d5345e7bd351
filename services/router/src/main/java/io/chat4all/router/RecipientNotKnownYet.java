package io.chat4all.router;

import java.util.UUID;

/**
 * A status for a recipient the message has no record of yet: the status event may have overtaken the message's
 * fan-out (another partition, another router). Transient, for a bounded number of attempts ({@link StatusApplier}).
 */
final class RecipientNotKnownYet extends Exception {
    RecipientNotKnownYet(UUID messageId, UUID recipientId, int attempt) {
        super("message " + messageId + " has no recipient " + recipientId + " yet (attempt " + attempt + ")", null,
                false, false);
    }
}
