package io.chat4all.router;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.chat4all.contracts.Channel;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.StatusEvent;

/** The history as a list of entries, for the handlers' unit tests. */
final class InMemoryStatusHistory implements StatusHistory {
    record Entry(UUID messageId, UUID recipientId, MessageStatus status, Instant at, Optional<Channel> channel) {
    }

    final List<Entry> entries = new ArrayList<>();

    /** What {@link MessageStore#store} writes with the message: ACCEPTED and SENT for every recipient. */
    synchronized void recordSent(UUID messageId, List<Recipient> recipients, Instant acceptedAt, Instant sentAt) {
        for (Recipient recipient : recipients) {
            Optional<Channel> channel = recipient.identity().map(Identity::channel);
            put(new Entry(messageId, recipient.userId(), MessageStatus.ACCEPTED, acceptedAt, channel));
            put(new Entry(messageId, recipient.userId(), MessageStatus.SENT, sentAt, channel));
        }
    }

    @Override
    public synchronized CompletionStage<Map<MessageStatus, Instant>> recorded(UUID messageId, UUID recipientId) {
        Map<MessageStatus, Instant> recorded = new EnumMap<>(MessageStatus.class);
        entries.stream().filter(e -> e.messageId().equals(messageId) && e.recipientId().equals(recipientId))
                .forEach(e -> recorded.put(e.status(), e.at()));
        return CompletableFuture.completedFuture(recorded);
    }

    @Override
    public synchronized CompletionStage<Void> append(StatusEvent event) {
        put(new Entry(event.messageId(), event.recipientId(), event.status(), event.at(), event.channel()));
        return CompletableFuture.completedFuture(null);
    }

    /** Like the table: one entry per (message, recipient, status), a rewrite replaces it. */
    private void put(Entry entry) {
        entries.removeIf(e -> e.messageId().equals(entry.messageId()) && e.recipientId().equals(entry.recipientId())
                && e.status() == entry.status());
        entries.add(entry);
    }

    synchronized List<MessageStatus> statusesOf(UUID messageId, UUID recipientId) {
        return entries.stream().filter(e -> e.messageId().equals(messageId) && e.recipientId().equals(recipientId))
                .map(Entry::status).sorted().toList();
    }
}
