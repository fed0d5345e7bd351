package io.chat4all.connector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.InboundMessage;
import io.chat4all.contracts.InboundMessageCodec;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.contracts.StatusEventCodec;
import io.chat4all.contracts.Topics;
import io.chat4all.kit.http.Json;
import io.chat4all.kit.http.JsonBodies;
import io.chat4all.kit.http.ServiceWebServer;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook route of a WhatsApp connector over real HTTP, publishing to Kafka's {@link MockProducer}. */
class WebhookEndpointTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final CallbackData callbacks = new CallbackData(TestSettings.SECRET);
    private final WebhookSignature signature = new WebhookSignature(TestSettings.SECRET);
    private final HttpClient http = HttpClient.newHttpClient();
    private final UUID message = UUID.randomUUID();
    private final UUID recipient = UUID.randomUUID();
    private WebServer server;

    @BeforeEach
    void start() {
        Config config = Config.just(ConfigSources.create(Map.of("server.host", "127.0.0.1", "server.port", "0")));
        WebhookEndpoint endpoint = new WebhookEndpoint(Channel.WHATSAPP, signature, callbacks,
                new EventPublisher(producer), new JsonBodies(ServiceWebServer.maxBody(config.get("server"))),
                Clock.fixed(NOW, ZoneOffset.UTC));
        server = ServiceWebServer.build(config.get("server"), endpoint::register, List.of()).start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aSignedReceiptBecomesAStatusEventKeyedByMessage() throws Exception {
        HttpResponse<String> delivered = post("/webhooks/whatsapp", receipt("delivered", callbacks.of(message, recipient)));
        HttpResponse<String> read = post("/webhooks/whatsapp", receipt("read", callbacks.of(message, recipient)));

        assertEquals(202, delivered.statusCode());
        assertEquals(202, read.statusCode());
        List<ProducerRecord<String, byte[]>> published = producer.history();
        assertEquals(List.of(Topics.STATUS.name(), Topics.STATUS.name()), published.stream().map(ProducerRecord::topic).toList());
        assertEquals(message.toString(), published.getFirst().key());
        assertEquals(new StatusEvent(message, recipient, MessageStatus.DELIVERED, Optional.of(Channel.WHATSAPP), NOW,
                Optional.empty()), StatusEventCodec.decode(published.get(0).value()));
        assertEquals(MessageStatus.READ, StatusEventCodec.decode(published.get(1).value()).status());
    }

    @Test
    void aSignedInboundMessageIsPublishedKeyedBySender() throws Exception {
        String body = """
                {"type":"inbound","provider_message_id":"wamid.42","from":"+5511911112222","to_user":"bob",\
                "text":"oi"}""";

        HttpResponse<String> response = post("/webhooks/whatsapp", body);

        assertEquals(202, response.statusCode());
        ProducerRecord<String, byte[]> record = producer.history().getFirst();
        assertEquals(Topics.INBOUND.name(), record.topic());
        assertEquals("+5511911112222", record.key());
        assertEquals(new InboundMessage(Channel.WHATSAPP, "wamid.42", "+5511911112222", "bob", "oi", NOW),
                InboundMessageCodec.decode(record.value()));
    }

    @Test
    void aMissingSignatureIs401AndNothingIsPublished() throws Exception {
        String body = receipt("delivered", callbacks.of(message, recipient));

        HttpResponse<String> response = send("/webhooks/whatsapp", body, Optional.empty());

        assertProblem(response, 401, "urn:chat4all:problem:unauthorized");
        assertEquals(List.of(), producer.history());
    }

    @Test
    void aWrongSignatureIs401AndNothingIsPublished() throws Exception {
        String body = receipt("delivered", callbacks.of(message, recipient));
        WebhookSignature otherKey = new WebhookSignature("not-the-shared-secret-but-as-long!!".getBytes(StandardCharsets.UTF_8));
        String tampered = body.replace("delivered", "read");

        for (String header : List.of(otherKey.sign(body.getBytes(StandardCharsets.UTF_8)),
                signature.sign(body.getBytes(StandardCharsets.UTF_8)).replace("sha256=", "sha1="), "sha256=zz", "")) {
            assertProblem(send("/webhooks/whatsapp", body, Optional.of(header)), 401, "urn:chat4all:problem:unauthorized");
        }
        // A valid signature of another body.
        assertProblem(send("/webhooks/whatsapp", tampered, Optional.of(signature.sign(body.getBytes(StandardCharsets.UTF_8)))),
                401, "urn:chat4all:problem:unauthorized");
        assertEquals(List.of(), producer.history());
    }

    @Test
    void anotherChannelsWebhookIs404AndNothingIsPublished() throws Exception {
        HttpResponse<String> response = post("/webhooks/instagram", receipt("delivered", callbacks.of(message, recipient)));

        assertProblem(response, 404, "urn:chat4all:problem:not-found");
        assertEquals(List.of(), producer.history());
    }

    @Test
    void aReceiptForAMessageNeverSentIs422AndNothingIsPublished() throws Exception {
        String forOther = callbacks.of(UUID.randomUUID(), recipient);
        String data = callbacks.of(message, recipient);
        String forged = UUID.randomUUID() + data.substring(data.indexOf('.'));

        for (String callback : List.of(forOther, forged, "garbage")) {
            HttpResponse<String> response = post("/webhooks/whatsapp", receipt("delivered", callback));
            assertProblem(response, 422, "urn:chat4all:problem:unprocessable-content");
            assertTrue(body(response).path("detail").asText().contains(message.toString()), response.body());
        }
        assertEquals(List.of(), producer.history());
    }

    @Test
    void malformedOrInvalidSignedBodiesAre400AndNothingIsPublished() throws Exception {
        assertProblem(post("/webhooks/whatsapp", "{\"type\":"), 400, "urn:chat4all:problem:malformed-json");
        assertProblem(post("/webhooks/whatsapp", "[1]"), 400, "urn:chat4all:problem:malformed-json");
        assertProblem(post("/webhooks/whatsapp", "{\"type\":\"sent\"}"), 400, "urn:chat4all:problem:validation");
        assertProblem(post("/webhooks/whatsapp", "{\"type\":\"delivered\",\"message_id\":\"x\",\"callback_data\":\"y\"}"),
                400, "urn:chat4all:problem:validation");
        HttpResponse<String> badInbound = post("/webhooks/whatsapp",
                "{\"type\":\"inbound\",\"provider_message_id\":\"\",\"from\":\"alice\",\"to_user\":\"\",\"text\":\" \"}");
        assertProblem(badInbound, 400, "urn:chat4all:problem:validation");
        assertEquals(List.of("from", "provider_message_id", "text", "to_user"), fieldsIn(badInbound).stream().sorted().toList());
        assertEquals(List.of(), producer.history());
    }

    private List<String> fieldsIn(HttpResponse<String> response) throws Exception {
        List<String> fields = new java.util.ArrayList<>();
        body(response).path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }

    private String receipt(String type, String callbackData) {
        return "{\"type\":\"" + type + "\",\"message_id\":\"" + message + "\",\"provider_message_id\":\"p-1\","
                + "\"callback_data\":\"" + callbackData + "\"}";
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(path, body, Optional.of(signature.sign(body.getBytes(StandardCharsets.UTF_8))));
    }

    private HttpResponse<String> send(String path, String body, Optional<String> signatureHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        signatureHeader.ifPresent(value -> request.header(WebhookSignature.HEADER, value));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(type, body(response).path("type").asText(), response.body());
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }
}
