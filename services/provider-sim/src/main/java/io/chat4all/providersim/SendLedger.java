package io.chat4all.providersim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One channel's memory of send requests, per {@code message_id} and then per {@code to}: what makes sends idempotent
 * and what tests count. Bounded: beyond {@code maxMessages} message ids the oldest one is forgotten (a repeat of it
 * would then be sent again), so memory stays at roughly {@code maxMessages} times about 1 KB (one recipient; a few
 * hundred bytes per further recipient).
 */
final class SendLedger {
    private final int maxMessages;
    private final Map<String, Map<String, RecipientRecord>> messages;

    SendLedger(int maxMessages) {
        this.maxMessages = maxMessages;
        this.messages = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<String, RecipientRecord>> eldest) {
                return size() > SendLedger.this.maxMessages;
            }
        };
    }

    /** The record of {@code (messageId, to)}, created on first use. */
    synchronized RecipientRecord recipient(String messageId, String to) {
        return messages.computeIfAbsent(messageId, id -> new LinkedHashMap<>())
                .computeIfAbsent(to, RecipientRecord::new);
    }

    /** Every recipient asked for under {@code messageId}, in the order first asked; empty when it is unknown. */
    synchronized Optional<List<RecipientRecord.View>> lookup(String messageId) {
        Map<String, RecipientRecord> recipients = messages.get(messageId);
        return recipients == null
                ? Optional.empty()
                : Optional.of(recipients.values().stream().map(RecipientRecord::view).toList());
    }
}
