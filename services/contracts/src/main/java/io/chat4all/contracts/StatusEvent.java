package io.chat4all.contracts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One recipient's message reached a status, as carried on {@link Topics#STATUS} (key: message id). Connectors publish
 * PENDING, DELIVERED, READ and FAILED; the api publishes DELIVERED and READ for recipients served by it directly. The
 * router applies them forward only ({@link MessageStatus#canMoveTo}).
 *
 * @param messageId   the message
 * @param recipientId the Chat4All user it is for
 * @param status      the status reached
 * @param channel     where it happened; empty for delivery inside Chat4All (the recipient's own client)
 * @param at          when it happened, by the reporter's clock
 * @param reason      why, for PENDING and FAILED (e.g. the provider's rejection); empty otherwise
 */
public record StatusEvent(UUID messageId, UUID recipientId, MessageStatus status, Optional<Channel> channel,
                          Instant at, Optional<String> reason) {
}
