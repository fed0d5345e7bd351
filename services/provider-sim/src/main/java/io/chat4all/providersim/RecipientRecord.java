package io.chat4all.providersim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the provider knows of one {@code (message_id, to)}: how often it was asked to send it, whether it did (once at
 * most), and the statuses its receivers acknowledged. Thread-safe: concurrent repeats of one send are decided one at
 * a time, so exactly one of them sends.
 */
final class RecipientRecord {
    private final String to;
    private int requests;
    private int sends;
    private int duplicates;
    private int rejections;
    private String providerMessageId;
    private final List<StatusEntry> statuses = new ArrayList<>();

    /** A status of the message at {@code to}: {@code sent}, then {@code delivered} and {@code read} once acknowledged. */
    record StatusEntry(String status, Instant at) {
    }

    /** A copy for reading, as JSON: {@code to, provider_message_id, requests, sends, duplicates, rejections, statuses}. */
    record View(String to, String providerMessageId, int requests, int sends, int duplicates, int rejections,
                List<StatusEntry> statuses) {
    }

    /** How a send request ended. */
    sealed interface Decision {
        record Sent(String providerMessageId) implements Decision {
        }

        record Duplicate(String providerMessageId) implements Decision {
        }

        record Rejected() implements Decision {
        }
    }

    RecipientRecord(String to) {
        this.to = to;
    }

    synchronized void countRequest() {
        requests++;
    }

    /**
     * The first answer again if the message was sent here already (a duplicate); otherwise a rejection when
     * {@code reject} says so (nothing is sent, and a later request may still send), or a send under a new id.
     */
    synchronized Decision send(BooleanSupplier reject, Supplier<String> newProviderMessageId, Instant at) {
        if (providerMessageId != null) {
            duplicates++;
            return new Decision.Duplicate(providerMessageId);
        }
        if (reject.getAsBoolean()) {
            rejections++;
            return new Decision.Rejected();
        }
        sends++;
        providerMessageId = newProviderMessageId.get();
        statuses.add(new StatusEntry("sent", at));
        return new Decision.Sent(providerMessageId);
    }

    synchronized void addStatus(String status, Instant at) {
        statuses.add(new StatusEntry(status, at));
    }

    synchronized View view() {
        return new View(to, providerMessageId, requests, sends, duplicates, rejections, List.copyOf(statuses));
    }
}
