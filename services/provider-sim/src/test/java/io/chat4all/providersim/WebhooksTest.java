package io.chat4all.providersim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Receipts and inbound messages, POSTed to a real HTTP receiver. */
class WebhooksTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private SimulatorUnderTest sim;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
        sim = new SimulatorUnderTest(Map.of(
                "provider.webhooks.whatsapp", receiver.url("/webhooks/whatsapp").toString(),
                "provider.webhooks.instagram", receiver.url("/webhooks/instagram").toString()));
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void deliveredThenReadArriveSignedWithTheCallbackData() throws Exception {
        var sent = sim.post("/v1/whatsapp/messages", """
                {"message_id":"m-receipts","to":"+5511987654321","text":"hi","callback_data":"recipient-7.sig"}""");
        String providerMessageId = sent.body().get("provider_message_id").textValue();

        List<JsonNode> receipts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            WebhookReceiver.Delivery delivery = receiver.next(WAIT);
            assertEquals("/webhooks/whatsapp", delivery.path());
            assertEquals(expectedSignature(delivery.body()), delivery.signature());
            receipts.add(delivery.json());
        }
        assertEquals(List.of("delivered", "read"), receipts.stream().map(r -> r.get("type").textValue()).toList());
        for (JsonNode receipt : receipts) {
            assertEquals("m-receipts", receipt.get("message_id").textValue());
            assertEquals("+5511987654321", receipt.get("to").textValue());
            assertEquals(providerMessageId, receipt.get("provider_message_id").textValue());
            assertEquals("recipient-7.sig", receipt.get("callback_data").textValue());
            assertNotNull(Instant.parse(receipt.get("at").textValue()));
        }
        await().atMost(WAIT).until(() -> statuses("m-receipts").size() == 3);
        assertEquals(List.of("sent", "delivered", "read"), statuses("m-receipts"));
        JsonNode stats = sim.stats("whatsapp");
        assertEquals(2, stats.get("webhooks_sent").longValue());
        assertEquals(0, stats.get("webhooks_failed").longValue());
    }

    @Test
    void aWebhookTheReceiverFailsIsRetriedAndTheReadStillComesSecond() throws Exception {
        receiver.failNext(2, 500);
        sim.sendMessage("instagram", "m-retried", "retry.me");

        JsonNode first = receiver.next(WAIT).json();
        JsonNode second = receiver.next(WAIT).json();

        assertEquals("delivered", first.get("type").textValue());
        assertEquals("read", second.get("type").textValue());
        List<WebhookReceiver.Delivery> refused = receiver.refused();
        assertEquals(2, refused.size());
        for (WebhookReceiver.Delivery attempt : refused) {
            assertEquals("delivered", attempt.json().get("type").textValue());
            assertEquals(expectedSignature(attempt.body()), attempt.signature());
        }
        await().atMost(WAIT).until(() -> sim.stats("instagram").get("webhooks_sent").longValue() == 2);
        JsonNode stats = sim.stats("instagram");
        assertEquals(2, stats.get("webhook_retries").longValue());
        assertEquals(0, stats.get("webhooks_failed").longValue());
    }

    @Test
    void aDuplicateSendSchedulesNoSecondReceipts() throws Exception {
        sim.put("/admin/channels/whatsapp/receipts", "{\"read_probability\": 0}");
        sim.sendMessage("whatsapp", "m-once", "+5511987654321");
        sim.sendMessage("whatsapp", "m-once", "+5511987654321");

        assertEquals("delivered", receiver.next(WAIT).json().get("type").textValue());
        await().atMost(WAIT).until(() -> statuses("m-once").size() == 2);
        assertNull(receiver.poll(Duration.ofMillis(300)), "one delivered receipt, no read, nothing for the repeat");
        assertEquals(1, sim.stats("whatsapp").get("webhooks_sent").longValue());
    }

    @Test
    void receiptSettingsAreReadBackAndReset() throws Exception {
        var put = sim.put("/admin/channels/instagram/receipts",
                "{\"delivered_delay_ms\": 150, \"delivered_probability\": 0.5, \"read_probability\": 0.25}");
        assertEquals(200, put.status());
        JsonNode current = sim.get("/admin/channels/instagram/receipts").body();
        assertEquals(150, current.get("delivered_delay_ms").intValue());
        assertEquals(0.5, current.get("delivered_probability").doubleValue());
        assertEquals(0.25, current.get("read_probability").doubleValue());
        assertEquals(0, current.get("read_delay_ms").intValue(), "left out: the configured value");

        JsonNode reset = sim.delete("/admin/channels/instagram/receipts").body();
        assertEquals(0, reset.get("delivered_delay_ms").intValue());
        assertEquals(1.0, reset.get("delivered_probability").doubleValue());

        var bad = sim.put("/admin/channels/instagram/receipts", "{\"read_probability\": -0.1, \"read_delay_ms\": 1.5}");
        assertEquals(400, bad.status());
        assertEquals(2, bad.body().get("errors").size());
    }

    @Test
    void anInboundMessageBecomesASignedInboundWebhook() throws Exception {
        var answer = sim.post("/admin/channels/instagram/inbound",
                "{\"from\":\"Alice.Outside\",\"to\":\"bob_inside\",\"text\":\"hello from instagram\"}");

        assertEquals(202, answer.status());
        String providerMessageId = answer.body().get("provider_message_id").textValue();
        WebhookReceiver.Delivery delivery = receiver.next(WAIT);
        assertEquals("/webhooks/instagram", delivery.path());
        assertEquals(expectedSignature(delivery.body()), delivery.signature());
        JsonNode inbound = delivery.json();
        assertEquals("inbound", inbound.get("type").textValue());
        assertEquals(providerMessageId, inbound.get("provider_message_id").textValue());
        assertEquals("alice.outside", inbound.get("from").textValue());
        assertEquals("bob_inside", inbound.get("to").textValue());
        assertEquals("hello from instagram", inbound.get("text").textValue());
        assertNotNull(Instant.parse(inbound.get("at").textValue()));
        assertEquals(1, sim.stats("instagram").get("inbound").longValue());
    }

    @Test
    void aMalformedInboundIsA400AndSendsNothing() throws Exception {
        var answer = sim.post("/admin/channels/whatsapp/inbound", "{\"from\":\"+0123\",\"text\":\" \"}");

        assertEquals(400, answer.status());
        List<String> fields = new ArrayList<>();
        answer.body().get("errors").forEach(error -> fields.add(error.get("field").textValue()));
        assertEquals(List.of("from", "to", "text"), fields);
        assertEquals(0, sim.stats("whatsapp").get("inbound").longValue());
    }

    @Test
    void aReceiverThatRefusesWithA4xxIsNotAskedAgain() throws Exception {
        receiver.failNext(1, 401);
        sim.sendMessage("whatsapp", "m-refused", "+5511987654321");

        await().atMost(WAIT).until(() -> sim.stats("whatsapp").get("webhooks_failed").longValue() == 1);
        assertEquals(1, receiver.refused().size());
        assertNull(receiver.poll(Duration.ofMillis(300)), "no retry, and no read after a refused delivered");
        assertEquals(0, sim.stats("whatsapp").get("webhook_retries").longValue());
        assertEquals(List.of("sent"), statuses("m-refused"));
    }

    @Test
    void aWebhookStillFailingAfterGiveUpAfterIsDropped() throws Exception {
        sim.close();
        sim = new SimulatorUnderTest(Map.of(
                "provider.webhooks.whatsapp", receiver.url("/webhooks/whatsapp").toString(),
                "provider.webhook-delivery.give-up-after", "PT0.3S"));
        receiver.failNext(Integer.MAX_VALUE, 503);
        sim.sendMessage("whatsapp", "m-dropped", "+5511987654321");

        await().atMost(WAIT).until(() -> sim.stats("whatsapp").get("webhooks_failed").longValue() == 1);
        JsonNode stats = sim.stats("whatsapp");
        assertTrue(stats.get("webhook_retries").longValue() >= 1, stats.toString());
        assertEquals(stats.get("webhook_retries").longValue() + 1, receiver.refused().size());
        assertEquals(List.of("sent"), statuses("m-dropped"));
    }

    private List<String> statuses(String messageId) throws Exception {
        List<String> statuses = new ArrayList<>();
        sim.get("/v1/whatsapp/messages/" + messageId).body().get("recipients").get(0).get("statuses")
                .forEach(s -> statuses.add(s.get("status").textValue()));
        return statuses;
    }

    private static String expectedSignature(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SimulatorUnderTest.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
