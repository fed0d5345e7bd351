package io.chat4all.providersim;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonInclude;

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
    private Media media;

    /** A status of the message at {@code to}: {@code sent}, then {@code delivered} and {@code read} once acknowledged. */
    record StatusEntry(String status, Instant at) {
    }

    /**
     * What became of the file a message linked to: {@code fetched} with its size and SHA-256, or {@code failed} with
     * why.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Media(String url, String outcome, Long bytes, String sha256, String error) {
        static Media fetched(long bytes, String sha256) {
            return new Media(null, "fetched", bytes, sha256, null);
        }

        static Media failed(String error) {
            return new Media(null, "failed", null, null, error);
        }

        Media at(URI from) {
            return new Media(from.toString(), outcome, bytes, sha256, error);
        }
    }

    /**
     * A copy for reading, as JSON: {@code to, provider_message_id, requests, sends, duplicates, rejections, statuses},
     * and {@code media} once a linked file was fetched.
     */
    record View(String to, String providerMessageId, int requests, int sends, int duplicates, int rejections,
                List<StatusEntry> statuses, @JsonInclude(JsonInclude.Include.NON_NULL) Media media) {
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

    synchronized void media(URI url, Media fetched) {
        media = fetched.at(url);
    }

    synchronized View view() {
        return new View(to, providerMessageId, requests, sends, duplicates, rejections, List.copyOf(statuses), media);
    }
}
