package io.chat4all.providersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Faults set through the admin API, as a connector sees them over real HTTP. */
class FaultsTest {
    private static SimulatorUnderTest sim;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        sim = new SimulatorUnderTest(Map.of(
                "provider.webhooks.whatsapp", receiver.url("/webhooks/whatsapp").toString(),
                "provider.webhooks.instagram", receiver.url("/webhooks/instagram").toString()));
    }

    @AfterEach
    void reset() throws Exception {
        sim.delete("/admin/channels/whatsapp/faults");
    }

    @AfterAll
    static void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void rejectionRateOneRejectsForGoodWithoutSending() throws Exception {
        var put = sim.put("/admin/channels/whatsapp/faults", "{\"rejection_rate\": 1}");
        assertEquals(200, put.status());
        assertEquals(1.0, put.body().get("rejection_rate").doubleValue());

        JsonNode before = sim.stats("whatsapp");
        var answer = sim.sendMessage("whatsapp", "m-rejected", "+5511987654321");

        assertEquals(422, answer.status());
        assertEquals("rejected", answer.body().get("error").textValue());
        assertTrue(answer.body().get("detail").textValue().contains("+5511987654321"));
        JsonNode recipient = sim.get("/v1/whatsapp/messages/m-rejected").body().get("recipients").get(0);
        assertEquals(0, recipient.get("sends").intValue());
        assertEquals(1, recipient.get("rejections").intValue());
        JsonNode after = sim.stats("whatsapp");
        assertEquals(1, after.get("rejected").longValue() - before.get("rejected").longValue());
        assertEquals(0, after.get("sends").longValue() - before.get("sends").longValue());
    }

    @Test
    void anUnavailableOutageAnswers503WithRetryAfterUntilReset() throws Exception {
        sim.put("/admin/channels/whatsapp/faults", "{\"outage\": \"unavailable\", \"retry_after_s\": 7}");
        JsonNode before = sim.stats("whatsapp");

        var during = sim.sendMessage("whatsapp", "m-outage", "+5511987654321");
        assertEquals(503, during.status());
        assertEquals("7", during.raw().headers().firstValue("Retry-After").orElseThrow());
        assertEquals("urn:chat4all:problem:unavailable", during.body().get("type").textValue());
        assertEquals(1, sim.stats("whatsapp").get("errors").longValue() - before.get("errors").longValue());

        var reset = sim.delete("/admin/channels/whatsapp/faults");
        assertEquals("none", reset.body().get("outage").textValue());
        var afterwards = sim.sendMessage("whatsapp", "m-outage", "+5511987654321");
        assertEquals(200, afterwards.status());
        assertFalse(afterwards.body().get("duplicate").booleanValue(), "the 503 sent nothing");
    }

    @Test
    void aDisconnectClosesTheConnectionWithoutAnAnswer() throws Exception {
        sim.put("/admin/channels/whatsapp/faults", "{\"outage\": \"disconnect\"}");
        JsonNode before = sim.stats("whatsapp");

        assertThrows(IOException.class, () -> sim.sendMessage("whatsapp", "m-cut", "+5511987654321"));

        JsonNode after = sim.stats("whatsapp");
        assertEquals(1, after.get("disconnects").longValue() - before.get("disconnects").longValue());
        assertEquals(0, after.get("sends").longValue() - before.get("sends").longValue());
    }

    @Test
    void errorRateFailsAboutThatShareOfSends() throws Exception {
        sim.put("/admin/channels/whatsapp/faults", "{\"error_rate\": 0.5}");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            statuses.add(sim.sendMessage("whatsapp", "m-flaky-" + i, "+5511987654321").status());
        }
        long failed = statuses.stream().filter(s -> s == 503).count();
        assertEquals(200, failed + statuses.stream().filter(s -> s == 200).count());
        assertTrue(failed > 60 && failed < 140, "503s: " + failed);
    }

    @Test
    void faultsAreReadBackAndOnlyTheOtherChannelIsUntouched() throws Exception {
        sim.put("/admin/channels/whatsapp/faults",
                "{\"error_rate\": 0.25, \"latency\": {\"median_ms\": 5, \"p99_ms\": 9}, \"spike\": {\"rate\": 0.1, \"extra_ms\": 20}}");

        JsonNode whatsapp = sim.get("/admin/channels/whatsapp/faults").body();
        assertEquals(0.25, whatsapp.get("error_rate").doubleValue());
        assertEquals(5, whatsapp.get("latency").get("median_ms").intValue());
        assertEquals(9, whatsapp.get("latency").get("p99_ms").intValue());
        assertEquals(20, whatsapp.get("spike").get("extra_ms").intValue());
        assertEquals(0.0, sim.get("/admin/channels/instagram/faults").body().get("error_rate").doubleValue());
    }

    @Test
    void badFaultsAreA400NamingEveryField() throws Exception {
        var answer = sim.put("/admin/channels/whatsapp/faults",
                "{\"error_rate\": 2, \"outage\": \"sometimes\", \"latency\": {\"median_ms\": -1}, \"errorRate\": 0}");

        assertEquals(400, answer.status());
        List<String> fields = new ArrayList<>();
        answer.body().get("errors").forEach(error -> fields.add(error.get("field").textValue()));
        assertEquals(List.of("errorRate", "error_rate", "outage", "latency.median_ms"), fields);
        assertEquals("none", sim.get("/admin/channels/whatsapp/faults").body().get("outage").textValue(),
                "a refused PUT changes nothing");
    }

    @Test
    void aP99BelowTheMedianIsA400() throws Exception {
        var answer = sim.put("/admin/channels/whatsapp/faults", "{\"latency\": {\"median_ms\": 50, \"p99_ms\": 10}}");

        assertEquals(400, answer.status());
        assertEquals("latency", answer.body().get("errors").get(0).get("field").textValue());
    }
}
