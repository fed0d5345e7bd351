package io.chat4all.connector;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.InboundMessage;
import io.chat4all.contracts.InboundMessageCodec;
import io.chat4all.contracts.MessageEventCodec;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.JsonBodies;
import io.chat4all.kit.http.RequestFields;
import io.chat4all.kit.http.RouteTable;
import io.chat4all.kit.telemetry.LogFields;
import io.chat4all.kit.telemetry.MessageSpans;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/<channel>}: what the provider tells this connector. Only this instance's channel has a route
 * (another channel's path is a 404). Every webhook must be signed ({@link WebhookSignature}; else 401), a JSON object
 * (else 400) with a {@code type}:
 * <ul>
 *   <li>{@code delivered}, {@code read}: {@code {type, message_id, callback_data}}. The callback data must be what
 *       this connector gave the provider for that message ({@link CallbackData}); otherwise the receipt is for no
 *       message we sent and is refused with 422 (the id is in the body, not the path, so not a 404). Else a
 *       {@link StatusEvent} DELIVERED or READ goes to {@code status}.</li>
 *   <li>{@code inbound}: {@code {type, provider_message_id, from, to, text}}, published as an {@link InboundMessage}
 *       to {@code inbound}.</li>
 * </ul>
 * The answer is 202 once Kafka acknowledged the record, 503 (with Retry-After; the provider retries) when it did not.
 * Nothing is published for a refused webhook.
 *
 * <p>A receipt is handled with the message's id in the log fields and on the server span (with the channel and
 * {@code chat4all.outcome}, the status published). The provider sends it under the trace of the message's send, so
 * the status event it publishes stays in the message's trace.
 */
final class WebhookEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final Channel channel;
    private final WebhookSignature signature;
    private final CallbackData callbacks;
    private final EventPublisher events;
    private final JsonBodies bodies;
    private final Clock clock;

    WebhookEndpoint(Channel channel, WebhookSignature signature, CallbackData callbacks, EventPublisher events,
                    JsonBodies bodies, Clock clock) {
        this.channel = channel;
        this.signature = signature;
        this.callbacks = callbacks;
        this.events = events;
        this.bodies = bodies;
        this.clock = clock;
    }

    static String path(Channel channel) {
        return "/webhooks/" + channel.wireName();
    }

    void register(HttpRules rules) {
        new RouteTable(rules).post(path(channel), this::receive).refuseOtherMethods();
    }

    private void receive(ServerRequest req, ServerResponse res) {
        byte[] raw = bodies.readBytes(req);
        if (!signature.matches(req.headers().first(HeaderNames.create(WebhookSignature.HEADER)), raw)) {
            throw ApiProblem.of(Status.UNAUTHORIZED_401, WebhookSignature.HEADER
                    + " must be sha256=<hex HMAC-SHA256 of the body under the webhook secret>");
        }
        JsonNode body = bodies.parseObject(raw);
        RequestFields fields = RequestFields.of(body);
        String type = fields.requiredText("type");
        fields.throwIfInvalid();
        switch (type) {
            case "delivered" -> receipt(fields, MessageStatus.DELIVERED);
            case "read" -> receipt(fields, MessageStatus.READ);
            case "inbound" -> inbound(fields);
            default -> throw ApiProblem.invalidField("type", "must be delivered, read or inbound");
        }
        res.status(Status.ACCEPTED_202).send();
    }

    private void receipt(RequestFields fields, MessageStatus status) {
        UUID messageId = fields.requiredUuid("message_id");
        String callbackData = fields.requiredText("callback_data");
        fields.throwIfInvalid();
        MessageSpans.message(messageId, null);
        MessageSpans.channel(channel.wireName());
        try (LogFields.Restore ignored = LogFields.put(LogFields.message(messageId, null))) {
            UUID recipientId = callbacks.recipientOf(messageId, callbackData)
                    .orElseThrow(() -> ApiProblem.of(Status.UNPROCESSABLE_CONTENT_422, "callback_data does not belong"
                            + " to message " + messageId + ": no message sent by this connector"));
            publish(events.status(new StatusEvent(messageId, recipientId, status, Optional.of(channel),
                    clock.instant(), Optional.empty())));
            MessageSpans.outcome(status.name().toLowerCase(Locale.ROOT));
            LOG.debug("message {} to {} {} on {}", messageId, recipientId, status, channel.wireName());
        }
    }

    private void inbound(RequestFields fields) {
        String providerId = fields.requiredText("provider_message_id");
        String from = address(fields, "from");
        String toUser = fields.requiredText("to_user", InboundMessageCodec.USERNAME_RULE);
        String text = fields.requiredText("text", MessageEventCodec.TEXT_RULE);
        if (providerId != null && (providerId.isBlank()
                || providerId.length() > InboundMessageCodec.MAX_PROVIDER_ID_CHARS)) {
            fields.reject("provider_message_id", "must have 1 to " + InboundMessageCodec.MAX_PROVIDER_ID_CHARS
                    + " characters");
        }
        fields.throwIfInvalid();
        publish(events.inbound(new InboundMessage(channel, providerId, from, toUser, text, clock.instant())));
        LOG.info("inbound message {} from {} on {}", providerId, from, channel.wireName());
    }

    /** The field as a canonical address of this channel; null (with the violation noted) when it is not one. */
    private String address(RequestFields fields, String field) {
        String given = fields.requiredText(field);
        if (given == null) {
            return null;
        }
        Optional<String> canonical = channel.canonicalAddress(given);
        if (canonical.isEmpty()) {
            fields.reject(field, "must be " + channel.addressShape());
        }
        return canonical.orElse(null);
    }

    private static void publish(CompletableFuture<Void> acked) {
        try {
            acked.get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.warn("webhook not published, the provider will retry it: {}", cause.toString());
            throw ApiProblem.unavailable("could not be recorded now; retry later", RETRY_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiProblem.unavailable("could not be recorded now; retry later", RETRY_AFTER);
        }
    }
}
