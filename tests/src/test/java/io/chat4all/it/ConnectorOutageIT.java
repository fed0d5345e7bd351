package io.chat4all.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.InvalidEventException;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.OutboundMessage;
import io.chat4all.contracts.OutboundMessageCodec;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.contracts.StatusEventCodec;
import io.chat4all.contracts.Topics;
import io.chat4all.stack.LocalStack;
import io.chat4all.stack.Services;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Store-and-forward against the real stack: the WhatsApp connector and the provider simulator as processes, Kafka for
 * real. While the simulator answers 503 to everything, the message being sent goes PENDING, the breaker opens after
 * exactly {@code failure-threshold} failed calls, fetching is held and later messages wait in Kafka; once the outage
 * ends, every message is sent exactly once, and the simulator's receipts come back as DELIVERED and READ.
 */
@ExtendWith(TestStack.class)
class ConnectorOutageIT {
    /** The connector's default {@code breaker.failure-threshold}. */
    private static final int FAILURE_THRESHOLD = 5;
    private static final String WHATSAPP = Channel.WHATSAPP.wireName();
    private static final String GROUP = "chat4all-connector-whatsapp";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void messagesWaitInKafkaWhileTheProviderIsDownAndAreSentOnceWhenItIsBack(LocalStack stack, KafkaProbe kafka)
            throws Exception {
        URI sim = stack.uri(Services.PROVIDER_SIM);
        URI connector = stack.uri(Services.CONNECTOR_WHATSAPP);
        await().atMost(Duration.ofSeconds(60)).until(() -> get(connector.resolve("/observe/health/ready")).statusCode() == 200);
        UUID conversation = UUID.randomUUID();
        OutboundMessage first = message(conversation);
        OutboundMessage second = message(conversation);
        OutboundMessage third = message(UUID.randomUUID());
        String outbound = Channel.WHATSAPP.outboundTopic().name();

        assertEquals(200, send("PUT", sim.resolve("/admin/channels/whatsapp/faults"), "{\"outage\":\"unavailable\"}")
                .statusCode());
        try {
            kafka.send(outbound, conversation.toString(), OutboundMessageCodec.encode(first));
            kafka.send(outbound, conversation.toString(), OutboundMessageCodec.encode(second));

            await().atMost(Duration.ofSeconds(30)).until(() -> "OPEN".equals(providerHealth(connector).path("breaker").asText()));
            assertOpenedAfterExactlyThresholdCalls(connector, sim, first);
            StatusEvent pending = status(kafka, first, MessageStatus.PENDING);
            assertEquals(Optional.of(Channel.WHATSAPP), pending.channel());
            assertTrue(pending.reason().orElseThrow().startsWith("provider unavailable"), pending.toString());
            assertEquals(404, get(sim.resolve("/v1/whatsapp/messages/" + second.messageId())).statusCode(),
                    "the second message waits behind the first: never tried");

            kafka.send(outbound, third.conversationId().toString(), OutboundMessageCodec.encode(third));
            assertTrue(health(connector, "consumer").path("fetching_held").asBoolean(), "fetching is held while open");
        } finally {
            assertEquals(200, send("DELETE", sim.resolve("/admin/channels/whatsapp/faults"), null).statusCode());
        }

        for (OutboundMessage message : List.of(first, second, third)) {
            JsonNode recipient = await().atMost(Duration.ofSeconds(60)).until(() -> simRecipient(sim, message),
                    view -> view != null && view.path("sends").asInt() >= 1);
            assertEquals(1, recipient.path("sends").asInt(), "sent exactly once: " + recipient);
            assertEquals(message.recipientId(), status(kafka, message, MessageStatus.DELIVERED).recipientId());
            status(kafka, message, MessageStatus.READ);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "CLOSED".equals(providerHealth(connector).path("breaker").asText())
                && !health(connector, "consumer").path("fetching_held").asBoolean());
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffsets(GROUP, outbound)
                .equals(kafka.endOffsets(outbound)));
    }

    /**
     * The breaker opened after exactly {@code FAILURE_THRESHOLD} failed calls, by the count it had when it opened from
     * CLOSED (its own transition event, reported by the connector's health), whatever the timing of this test. The
     * simulator saw at least that many calls for the first message (the second waits behind it), and sent nothing.
     * (How often the breaker opened is not compared: other tests on this stack open it too.)
     */
    private void assertOpenedAfterExactlyThresholdCalls(URI connector, URI sim, OutboundMessage first) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode provider = providerHealth(connector);
            assertEquals(FAILURE_THRESHOLD, provider.path("breaker_opened_after_failures").asInt(), provider.toString());
            JsonNode recipient = simRecipient(sim, first);
            assertTrue(recipient.path("requests").asLong() >= FAILURE_THRESHOLD, "calls at the simulator: " + recipient);
            assertEquals(0, recipient.path("sends").asInt(), "nothing was sent during the outage: " + recipient);
        });
    }

    private StatusEvent status(KafkaProbe kafka, OutboundMessage message, MessageStatus status) {
        ConsumerRecord<String, byte[]> record = kafka.find(Topics.STATUS.name(),
                r -> r.key().equals(message.messageId().toString()) && decode(r).status() == status,
                Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("no " + status + " for " + message));
        return decode(record);
    }

    private static StatusEvent decode(ConsumerRecord<String, byte[]> record) {
        try {
            return StatusEventCodec.decode(record.value());
        } catch (InvalidEventException e) {
            throw new AssertionError("undecodable status event " + record, e);
        }
    }

    private JsonNode providerHealth(URI connector) throws Exception {
        return health(connector, "provider");
    }

    /** The {@code data} of one check of the connector's health. */
    private JsonNode health(URI connector, String check) throws Exception {
        JsonNode checks = ApiClient.JSON.readTree(get(connector.resolve("/observe/health")).body()).path("checks");
        for (JsonNode node : checks) {
            if (node.path("name").asText().equals(check)) {
                return node.path("data");
            }
        }
        throw new AssertionError("no health check " + check + " in " + checks);
    }

    /** What the simulator recorded for the message's one recipient, or null before it saw any request for it. */
    private JsonNode simRecipient(URI sim, OutboundMessage message) throws Exception {
        HttpResponse<String> response = get(sim.resolve("/v1/" + WHATSAPP + "/messages/" + message.messageId()));
        return response.statusCode() == 404 ? null : ApiClient.JSON.readTree(response.body()).path("recipients").get(0);
    }

    private static OutboundMessage message(UUID conversation) {
        String address = "+5511" + (900_000_000 + ThreadLocalRandom.current().nextInt(99_999_999));
        return new OutboundMessage(UUID.randomUUID(), conversation, UUID.randomUUID(), UUID.randomUUID(),
                Channel.WHATSAPP, address, "hello through an outage", Optional.empty(), Instant.now());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, URI uri, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
