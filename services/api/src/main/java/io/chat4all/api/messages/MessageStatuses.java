package io.chat4all.api.messages;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chat4all.api.conversations.ConversationAccess;
import io.chat4all.api.conversations.ConversationStore;
import io.chat4all.api.conversations.Member;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.contracts.MessageStatus;

/** A stored message's status per recipient, and recipients marking it read. */
public final class MessageStatuses {
    private static final String SENT = MessageStatus.SENT.name();
    private static final String READ = MessageStatus.READ.name();

    private final ConversationAccess access;
    private final ConversationStore conversations;
    private final MessageStore messages;
    private final Clock clock;

    public MessageStatuses(ConversationAccess access, ConversationStore conversations, MessageStore messages, Clock clock) {
        this.access = access;
        this.conversations = conversations;
        this.messages = messages;
        this.clock = clock;
    }

    public record RecipientStatus(UUID userId, String status, Instant readAt) {
    }

    /**
     * {@code status} is READ once every recipient read the message, else the status stored with it; {@code fileId}
     * only when it carries a file.
     */
    public record StatusReport(UUID messageId, UUID conversationId, UUID senderId, String status, Instant acceptedAt,
                                Instant storedAt, List<RecipientStatus> recipients,
                                @JsonInclude(JsonInclude.Include.NON_NULL) UUID fileId) {
    }

    public record ReadReceipt(UUID messageId, UUID userId, Instant readAt) {
    }

    /** The status of a stored message, for a current member of its conversation. */
    public StatusReport status(UUID messageId, UUID callerId) {
        MessageStore.StoredMessage message = stored(messageId);
        // One read of the members serves both the access check and the recipient list.
        List<Member> members = conversations.members(message.conversationId());
        if (members.stream().noneMatch(member -> member.userId().equals(callerId))) {
            throw ConversationAccess.notAMemberForMessage(messageId);
        }
        Map<UUID, Instant> reads = messages.reads(messageId);
        // Recipients are the current members but the sender.
        List<RecipientStatus> recipients = members.stream()
                .filter(member -> !member.userId().equals(message.senderId()))
                .map(member -> {
                    Instant readAt = reads.get(member.userId());
                    return new RecipientStatus(member.userId(), readAt == null ? SENT : READ, readAt);
                })
                .toList();
        boolean allRead = !recipients.isEmpty() && recipients.stream().allMatch(r -> r.readAt() != null);
        String status = allRead ? READ : message.status() == null ? SENT : message.status();
        return new StatusReport(messageId, message.conversationId(), message.senderId(), status, message.acceptedAt(),
                message.storedAt(), recipients, message.fileId());
    }

    /** Marks a stored message read by one of its recipients; the first read time stays. */
    public ReadReceipt markRead(UUID messageId, UUID callerId) {
        MessageStore.StoredMessage message = stored(messageId);
        access.requireMemberForMessage(messageId, message.conversationId(), callerId);
        if (message.senderId().equals(callerId)) {
            throw ApiProblem.forbidden("the sender of a message does not mark it read");
        }
        Instant readAt = messages.markRead(messageId, callerId, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        return new ReadReceipt(messageId, callerId, readAt);
    }

    private MessageStore.StoredMessage stored(UUID messageId) {
        return messages.find(messageId)
                .orElseThrow(() -> ApiProblem.notFound("message " + messageId + " is unknown or not stored yet"));
    }
}
