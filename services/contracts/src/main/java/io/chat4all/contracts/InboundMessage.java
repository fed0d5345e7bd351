package io.chat4all.contracts;

import java.time.Instant;

/**
 * A message a platform user sent to a Chat4All user, as a connector received it from its provider and carries it on
 * {@link Topics#INBOUND} (key: the sender's address). The platform user addresses the Chat4All user by username (as
 * in "@bob, ..." to the Chat4All account on that platform). It enters the normal message flow once the router has
 * resolved the sender's address to the Chat4All user who linked it, and found their private conversation.
 *
 * @param channel           the platform
 * @param providerMessageId the provider's id for it: with the channel, what makes a redelivery the same message
 * @param from              the sender's address on the platform
 * @param toUser            the username of the Chat4All user it was sent to
 * @param text              the text
 * @param receivedAt        when the connector received it
 */
public record InboundMessage(Channel channel, String providerMessageId, String from, String toUser, String text,
                             Instant receivedAt) {
}
