package io.chat4all.router;

import java.util.Optional;
import java.util.UUID;

/**
 * A user a message goes to: a member of its conversation but the sender. Without an identity they are served inside
 * Chat4All (their own client acknowledges the message); with one, through that identity's channel.
 */
record Recipient(UUID userId, Optional<Identity> identity) {
}
