package io.chat4all.api.messages;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chat4all.api.conversations.ConversationAccess;
import io.chat4all.api.conversations.ConversationStore;
import io.chat4all.api.conversations.Member;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.kit.http.ApiProblem;

/**
 * A stored message's status per recipient, and recipients served inside Chat4All reporting DELIVERED and READ.
 *
 * <p>One source of truth: the router's status history ({@code message_status_history}, ADR 0003). The api never
 * writes a status: a report is published as a {@link StatusEvent} and the router's status applier records it, forward
 * only, so a repeated report keeps the first time and a late one changes nothing.
 */
public final class MessageStatuses {
    private final ConversationAccess access;
    private final ConversationStore conversations;
    private final MessageStore messages;
    private final MessagePublisher publisher;
    private final Clock clock;

    public MessageStatuses(ConversationAccess access, ConversationStore conversations, MessageStore messages,
                           MessagePublisher publisher, Clock clock) {
        this.access = access;
        this.conversations = conversations;
        this.messages = messages;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** One status a recipient reached. */
    public record HistoryEntry(MessageStatus status, Instant at, String channel, String reason) {
    }

    /**
     * A recipient's status, with the channel it is delivered through (null inside Chat4All), when they read it (null
     * until then) and every status they reached, in lifecycle order.
     */
    public record RecipientStatus(UUID userId, MessageStatus status, String channel, Instant readAt,
                                  List<HistoryEntry> history) {
    }

    /**
     * {@code status}: the least advanced recipient's status, FAILED counting as the least ({@link #overall});
     * {@code fileId} only when the message carries a file.
     */
    public record StatusReport(UUID messageId, UUID conversationId, UUID senderId, MessageStatus status,
                               Instant acceptedAt, Instant storedAt, List<RecipientStatus> recipients,
                               @JsonInclude(JsonInclude.Include.NON_NULL) UUID fileId) {
    }

    /** A status report the api queued for the router. */
    public record StatusReceipt(UUID messageId, UUID userId, MessageStatus status, Instant at) {
    }

    /** The status of a stored message, for a current member of its conversation. */
    public StatusReport status(UUID messageId, UUID callerId) {
        MessageStore.StoredMessage message = stored(messageId);
        List<Member> members = conversations.members(message.conversationId());
        if (members.stream().noneMatch(member -> member.userId().equals(callerId))) {
            throw ConversationAccess.notAMemberForMessage(messageId);
        }
        Map<UUID, List<MessageStore.StatusEntry>> byRecipient = new LinkedHashMap<>();
        messages.statuses(messageId).forEach(entry ->
                byRecipient.computeIfAbsent(entry.recipientId(), id -> new ArrayList<>()).add(entry));
        List<RecipientStatus> recipients = byRecipient.entrySet().stream()
                .map(recipient -> recipientStatus(recipient.getKey(), recipient.getValue()))
                .flatMap(Optional::stream)
                .toList();
        MessageStatus stored = message.status() == null ? MessageStatus.SENT : MessageStatus.valueOf(message.status());
        return new StatusReport(messageId, message.conversationId(), message.senderId(), overall(recipients, stored),
                message.acceptedAt(), message.storedAt(), recipients, message.fileId());
    }

    /** Reports DELIVERED or READ for the caller, a recipient of the message; returns once Kafka has the report. */
    public StatusReceipt report(UUID messageId, UUID callerId, MessageStatus status) {
        MessageStore.StoredMessage message = stored(messageId);
        access.requireMemberForMessage(messageId, message.conversationId(), callerId);
        if (message.senderId().equals(callerId)) {
            throw ApiProblem.forbidden("the sender of message " + messageId + " is not one of its recipients");
        }
        if (!messages.isRecipient(messageId, callerId)) {
            throw ApiProblem.forbidden("you are not a recipient of message " + messageId
                    + ": you joined its conversation after it was sent");
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        publisher.publish(new StatusEvent(messageId, callerId, status, Optional.empty(), at, Optional.empty()));
        return new StatusReceipt(messageId, callerId, status, at);
    }

    private static Optional<RecipientStatus> recipientStatus(UUID recipientId, List<MessageStore.StatusEntry> entries) {
        Set<MessageStatus> reached = EnumSet.noneOf(MessageStatus.class);
        entries.forEach(entry -> reached.add(entry.status()));
        List<HistoryEntry> history = entries.stream()
                .sorted(Comparator.comparing(MessageStore.StatusEntry::status))
                .map(entry -> new HistoryEntry(entry.status(), entry.at(), entry.channel(), entry.reason()))
                .toList();
        String channel = entries.stream().filter(entry -> entry.status() == MessageStatus.SENT).findFirst()
                .map(MessageStore.StatusEntry::channel).orElse(null);
        Instant readAt = entries.stream().filter(entry -> entry.status() == MessageStatus.READ).findFirst()
                .map(MessageStore.StatusEntry::at).orElse(null);
        return MessageStatus.current(reached).map(current -> new RecipientStatus(recipientId, current, channel, readAt,
                history));
    }

    /**
     * The message's status as one word: FAILED if it failed for any recipient, otherwise the least advanced
     * recipient's (READ once every recipient read it); without recipients, the status stored with the message.
     */
    static MessageStatus overall(List<RecipientStatus> recipients, MessageStatus stored) {
        return recipients.stream().map(RecipientStatus::status)
                .min(Comparator.comparingInt(status -> status == MessageStatus.FAILED ? -1 : status.ordinal()))
                .orElse(stored);
    }

    private MessageStore.StoredMessage stored(UUID messageId) {
        return messages.find(messageId)
                .orElseThrow(() -> ApiProblem.notFound("message " + messageId + " is unknown or not stored yet"));
    }
}
