package io.chat4all.providersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sends over real HTTP: idempotency per (message_id, to), validation, unknown channels, counts. */
class SendMessagesTest {
    private static SimulatorUnderTest sim;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        sim = new SimulatorUnderTest(Map.of(
                "provider.webhooks.whatsapp", receiver.url("/webhooks/whatsapp").toString(),
                "provider.webhooks.instagram", receiver.url("/webhooks/instagram").toString()));
    }

    @AfterAll
    static void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void aRepeatGetsTheFirstAnswerAndIsNotSentAgain() throws Exception {
        JsonNode before = sim.stats("whatsapp");
        var first = sim.sendMessage("whatsapp", "m-repeat", "+5511987654321");
        var second = sim.sendMessage("whatsapp", "m-repeat", "+5511987654321");

        assertEquals(200, first.status());
        assertEquals(200, second.status());
        assertFalse(first.body().get("duplicate").booleanValue());
        assertTrue(second.body().get("duplicate").booleanValue());
        assertEquals("m-repeat", second.body().get("message_id").textValue());
        assertTrue(first.body().get("provider_message_id").textValue().startsWith("wamid."));
        assertEquals(first.body().get("provider_message_id"), second.body().get("provider_message_id"));

        JsonNode recipient = sim.get("/v1/whatsapp/messages/m-repeat").body().get("recipients").get(0);
        assertEquals("+5511987654321", recipient.get("to").textValue());
        assertEquals(2, recipient.get("requests").intValue());
        assertEquals(1, recipient.get("sends").intValue());
        assertEquals(1, recipient.get("duplicates").intValue());

        JsonNode after = sim.stats("whatsapp");
        assertEquals(2, after.get("requests").longValue() - before.get("requests").longValue());
        assertEquals(1, after.get("sends").longValue() - before.get("sends").longValue());
        assertEquals(1, after.get("duplicates").longValue() - before.get("duplicates").longValue());
    }

    @Test
    void theSameIdToAnotherRecipientIsASecondSend() throws Exception {
        var first = sim.sendMessage("whatsapp", "m-group", "+5511900000001");
        var second = sim.sendMessage("whatsapp", "m-group", "+5511900000002");

        assertFalse(first.body().get("duplicate").booleanValue());
        assertFalse(second.body().get("duplicate").booleanValue());
        assertNotEquals(first.body().get("provider_message_id"), second.body().get("provider_message_id"));
        JsonNode recipients = sim.get("/v1/whatsapp/messages/m-group").body().get("recipients");
        assertEquals(2, recipients.size());
        for (JsonNode recipient : recipients) {
            assertEquals(1, recipient.get("sends").intValue());
            assertEquals(0, recipient.get("duplicates").intValue());
        }
    }

    @Test
    void concurrentRepeatsSendOnce() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Boolean> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    duplicates.add(sim.sendMessage("instagram", "m-race", "some.handle").body().get("duplicate").booleanValue());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(8, duplicates.size());
        assertEquals(1, duplicates.stream().filter(d -> !d).count());
        JsonNode recipient = sim.get("/v1/instagram/messages/m-race").body().get("recipients").get(0);
        assertEquals(1, recipient.get("sends").intValue());
        assertEquals(7, recipient.get("duplicates").intValue());
    }

    @Test
    void instagramHandlesAreCaseInsensitive() throws Exception {
        sim.sendMessage("instagram", "m-case", "Mixed.Case");
        var repeat = sim.sendMessage("instagram", "m-case", "mixed.case");

        assertTrue(repeat.body().get("duplicate").booleanValue());
        assertTrue(repeat.body().get("provider_message_id").textValue().startsWith("igmid."));
        assertEquals("mixed.case", sim.get("/v1/instagram/messages/m-case").body().get("recipients").get(0).get("to").textValue());
    }

    @Test
    void anAddressOfTheWrongShapeIsA400NamingTheField() throws Exception {
        var whatsapp = sim.sendMessage("whatsapp", "m-bad", "5511987654321");
        var instagram = sim.sendMessage("instagram", "m-bad", "no spaces..allowed");

        for (var answer : List.of(whatsapp, instagram)) {
            assertEquals(400, answer.status());
            assertEquals("application/problem+json", answer.raw().headers().firstValue("Content-Type").orElseThrow());
            assertEquals("to", answer.body().get("errors").get(0).get("field").textValue());
        }
        assertTrue(whatsapp.body().get("detail").textValue().contains("E.164"), whatsapp.body().toString());
        assertEquals(404, sim.get("/v1/whatsapp/messages/m-bad").status(), "a refused request is not recorded");
    }

    @Test
    void everyMissingOrMalformedFieldIsNamed() throws Exception {
        var answer = sim.post("/v1/whatsapp/messages",
                "{\"to\":42,\"media_url\":\"not a url\",\"callback_data\":\"\"}");

        assertEquals(400, answer.status());
        assertEquals("urn:chat4all:problem:validation", answer.body().get("type").textValue());
        List<String> fields = new ArrayList<>();
        answer.body().get("errors").forEach(error -> fields.add(error.get("field").textValue()));
        assertEquals(List.of("message_id", "to", "text", "media_url", "callback_data"), fields);
    }

    @Test
    void aBodyThatIsNotJsonIsA400() throws Exception {
        var answer = sim.post("/v1/whatsapp/messages", "{\"message_id\":");

        assertEquals(400, answer.status());
        assertEquals("urn:chat4all:problem:malformed-json", answer.body().get("type").textValue());
    }

    @Test
    void anUnknownChannelIsA404Problem() throws Exception {
        var send = sim.sendMessage("telegram", "m-1", "+5511987654321");
        var stats = sim.get("/admin/channels/telegram/stats");

        for (var answer : List.of(send, stats)) {
            assertEquals(404, answer.status());
            assertTrue(answer.body().get("detail").textValue().contains("telegram"), answer.body().toString());
        }
    }

    @Test
    void anUnknownMessageIsA404() throws Exception {
        var answer = sim.get("/v1/whatsapp/messages/never-sent");

        assertEquals(404, answer.status());
        assertEquals("urn:chat4all:problem:not-found", answer.body().get("type").textValue());
    }
}
