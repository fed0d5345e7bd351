package io.chat4all.contracts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A message accepted by the api, as carried on the {@link Topics#MESSAGES} topic (key: conversation id).
 *
 * <p>{@code seq} is a time-based UUID assigned once at accept time. It orders the conversation's history and makes
 * every store of the same event write the same rows, so a redelivered record never yields a second message.
 *
 * @param messageId      globally unique message id (client-chosen or generated)
 * @param conversationId the conversation the message belongs to
 * @param senderId       the author, a member of the conversation when it was accepted
 * @param seq            time-based UUID: the message's position in its conversation
 * @param text           UTF-8 text, at most {@link MessageEventCodec#MAX_TEXT_BYTES} bytes
 * @param acceptedAt     when the api accepted it
 * @param attachment     the file the message carries, if any (absent on the wire: none)
 */
public record MessageEvent(UUID messageId, UUID conversationId, UUID senderId, UUID seq, String text,
                           Instant acceptedAt, Optional<Attachment> attachment) {

    /** A message without a file. */
    public MessageEvent(UUID messageId, UUID conversationId, UUID senderId, UUID seq, String text, Instant acceptedAt) {
        this(messageId, conversationId, senderId, seq, text, acceptedAt, Optional.empty());
    }

    public MessageEvent {
        attachment = attachment == null ? Optional.empty() : attachment;
    }

    /** The id of the attached file, if any. */
    public Optional<UUID> fileId() {
        return attachment.map(Attachment::fileId);
    }
}
