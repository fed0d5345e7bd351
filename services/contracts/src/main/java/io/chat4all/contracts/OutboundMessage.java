package io.chat4all.contracts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored message on its way to one recipient on an external platform, as carried on
 * {@link Channel#outboundTopic()} (key: conversation id, so a conversation is delivered in order).
 *
 * @param messageId      the message (the provider's idempotency key: a retry never sends twice)
 * @param conversationId its conversation
 * @param senderId       its author
 * @param recipientId    the Chat4All user it goes to
 * @param channel        the platform
 * @param address        the recipient's address there (E.164 number, handle)
 * @param text           the text
 * @param attachment     the file it carries, if any
 * @param acceptedAt     when the api accepted it
 */
public record OutboundMessage(UUID messageId, UUID conversationId, UUID senderId, UUID recipientId, Channel channel,
                              String address, String text, Optional<Attachment> attachment, Instant acceptedAt) {
}
