package io.chat4all.providersim;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The bodies of the webhooks a provider POSTs (field names in snake_case on the wire). */
final class Webhooks {
    private Webhooks() {
    }

    /**
     * What happened to a message the provider sent: {@code type} is {@code delivered} or {@code read};
     * {@code callback_data} is echoed as the send gave it (left out when it gave none).
     */
    record Receipt(String type, String messageId, String to, String providerMessageId,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String callbackData, Instant at) {
    }

    /** A message a platform user sent: {@code type} is {@code inbound}. */
    record Inbound(String type, String providerMessageId, String from, String to, String text, Instant at) {
        Inbound(String providerMessageId, String from, String to, String text, Instant at) {
            this("inbound", providerMessageId, from, to, text, at);
        }
    }
}
