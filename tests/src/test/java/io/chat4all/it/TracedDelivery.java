package io.chat4all.it;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.it.ApiClient.User;

import static io.chat4all.it.ApiClient.require;
import static io.chat4all.it.DeliveryStatusIT.statuses;
import static org.awaitility.Awaitility.await;

/**
 * A message sent under a client's own W3C trace context to a recipient reached through WhatsApp, so it crosses every
 * service: api, router, the WhatsApp connector and the provider simulator, whose receipt comes back as DELIVERED.
 */
record TracedDelivery(Traceparent trace, UUID messageId, User sender, User recipient) {

    static TracedDelivery send(ApiClient api, String text) {
        User sender = api.newUser("tracer");
        User recipient = api.newUser("traced");
        IdentitiesIT.link(api, recipient, "whatsapp", IdentitiesIT.freshNumber());
        UUID conversation = api.privateConversation(sender, recipient);
        Traceparent trace = Traceparent.random();
        ApiClient.Response accepted = require(api.post("/v1/messages",
                Map.of("conversation_id", conversation.toString(), "text", text), sender.token(),
                Map.of("traceparent", trace.header())), 202);
        return new TracedDelivery(trace, UUID.fromString(accepted.json().path("message_id").asText()), sender, recipient);
    }

    String traceId() {
        return trace.traceId();
    }

    /** Waits until the sender sees the recipient's DELIVERED (READ may already have followed it). */
    JsonNode awaitDelivered(ApiClient api) {
        return awaitDelivered(api, sender, messageId, recipient);
    }

    /** Waits until {@code sender} sees that {@code recipient} got {@code message}: DELIVERED is in its history. */
    static JsonNode awaitDelivered(ApiClient api, User sender, UUID message, User recipient) {
        return await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> require(api.get("/v1/messages/" + message, sender.token()), 200).json(),
                        seen -> statuses(DeliveryStatusIT.recipient(seen, recipient)).contains("DELIVERED"));
    }
}
