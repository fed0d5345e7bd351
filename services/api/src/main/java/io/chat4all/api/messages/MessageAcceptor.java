package io.chat4all.api.messages;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.chat4all.api.conversations.ConversationAccess;
import io.chat4all.api.files.FileService;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.contracts.Attachment;
import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.kit.telemetry.LogFields;
import io.chat4all.kit.telemetry.MessageSpans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a message: checks the sender belongs to the conversation, claims a client-chosen id so that retries
 * stay one message, and publishes the event to Kafka. A message with a file carries it as an attachment with a
 * signed link.
 *
 * <p>The request's server span gets the message, its conversation and {@code chat4all.outcome}: accepted, or
 * conflict (its id was used for another message); the log lines, the message's log fields.
 */
public final class MessageAcceptor {
    private static final Logger LOG = LoggerFactory.getLogger(MessageAcceptor.class);

    private final ConversationAccess access;
    private final AcceptedMessageStore claims;
    private final MessagePublisher publisher;
    private final IdempotencyKeys idempotencyKeys;
    private final FileService files;
    private final Clock clock;

    public MessageAcceptor(ConversationAccess access, AcceptedMessageStore claims, MessagePublisher publisher,
                           IdempotencyKeys idempotencyKeys, FileService files, Clock clock) {
        this.access = access;
        this.claims = claims;
        this.publisher = publisher;
        this.idempotencyKeys = idempotencyKeys;
        this.files = files;
        this.clock = clock;
    }

    /** The 202 body; a retry of the same message gets the same one. */
    public record Accepted(UUID messageId, UUID conversationId, String status, Instant acceptedAt) {
        static Accepted of(MessageEvent event) {
            return new Accepted(event.messageId(), event.conversationId(), MessageStatus.ACCEPTED.name(),
                    event.acceptedAt());
        }
    }

    public Accepted accept(UUID senderId, SendMessageRequest request, Optional<String> idempotencyKey) {
        // The client's message_id wins over its Idempotency-Key; with neither, a retry is a new message.
        Optional<UUID> claimedId = request.messageId()
                .or(() -> idempotencyKey.map(key -> idempotencyKeys.messageId(senderId, key)));
        UUID messageId = claimedId.orElseGet(UUID::randomUUID);
        MessageSpans.message(messageId, request.conversationId());
        try (LogFields.Restore ignored = LogFields.put(LogFields.message(messageId, request.conversationId()))) {
            access.requireMember(request.conversationId(), senderId);
            Optional<Attachment> attachment = request.fileId().map(id -> files.attachment(id, request.conversationId()));
            // Cassandra keeps milliseconds: truncating now makes a first answer equal to a retry's.
            MessageEvent event = new MessageEvent(messageId, request.conversationId(), senderId, Uuids.timeBased(),
                    request.text(), clock.instant().truncatedTo(ChronoUnit.MILLIS), attachment);
            if (claimedId.isPresent()) {
                event = sameMessageOrConflict(claims.claim(event), event);
            }
            publisher.publish(event);
            MessageSpans.outcome("accepted");
            LOG.debug("message accepted");
            return Accepted.of(event);
        }
    }

    /**
     * The claimed event if it is this very message again (a retry); a different message reusing its id is a 409.
     * A retry carries the same file, with the attempt's fresh link to it.
     */
    private static MessageEvent sameMessageOrConflict(AcceptedMessageStore.Claim claim, MessageEvent attempt) {
        MessageEvent claimed = claim.event();
        boolean retry = claimed.senderId().equals(attempt.senderId())
                && claimed.conversationId().equals(attempt.conversationId())
                && attempt.text().equals(claimed.text())
                && claim.fileId().equals(attempt.fileId());
        if (!retry) {
            MessageSpans.outcome("conflict");
            throw ApiProblem.conflict("message id " + attempt.messageId()
                    + " (from message_id or Idempotency-Key) was already used for another message");
        }
        return new MessageEvent(claimed.messageId(), claimed.conversationId(), claimed.senderId(), claimed.seq(),
                claimed.text(), claimed.acceptedAt(), attempt.attachment());
    }
}
