package io.chat4all.contracts;

import java.time.Instant;

/**
 * A message a platform user sent to a Chat4All user, as a connector received it from its provider and carries it on
 * {@link Topics#INBOUND} (key: the sender's address). It enters the normal message flow once the router has resolved
 * both addresses to linked Chat4All users.
 *
 * @param channel           the platform
 * @param providerMessageId the provider's id for it: with the channel, what makes a redelivery the same message
 * @param from              the sender's address on the platform
 * @param to                the address of the Chat4All user it was sent to (an identity linked on that channel)
 * @param text              the text
 * @param receivedAt        when the connector received it
 */
public record InboundMessage(Channel channel, String providerMessageId, String from, String to, String text,
                             Instant receivedAt) {
}
