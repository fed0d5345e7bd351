package io.chat4all.providersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** What keeps the simulator's memory bounded: the ledger forgets the oldest ids, pending webhooks are capped. */
class BoundsTest {

    @Test
    void theLedgerForgetsTheOldestMessageBeyondItsBound() {
        SendLedger ledger = new SendLedger(2);
        for (String id : new String[] {"m1", "m2", "m3"}) {
            ledger.recipient(id, "+5511987654321").send(() -> false, () -> "p-" + id, Instant.EPOCH);
        }

        assertTrue(ledger.lookup("m1").isEmpty());
        assertEquals("p-m3", ledger.lookup("m3").orElseThrow().get(0).providerMessageId());
        RecipientRecord.Decision again = ledger.recipient("m1", "+5511987654321")
                .send(() -> false, () -> "p-m1-again", Instant.EPOCH);
        assertEquals(new RecipientRecord.Decision.Sent("p-m1-again"), again, "a forgotten id is sent again");
    }

    @Test
    void beyondMaxPendingReceiptsAreDroppedAndInboundIsA503() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
             SimulatorUnderTest sim = new SimulatorUnderTest(Map.of(
                     "provider.webhooks.whatsapp", receiver.url("/webhooks/whatsapp").toString(),
                     "provider.webhook-delivery.max-pending", "1",
                     "provider.channels.whatsapp.receipts.delivered-delay", "PT1M"))) {
            sim.sendMessage("whatsapp", "m-holds-the-place", "+5511987654321");
            sim.sendMessage("whatsapp", "m-finds-none", "+5511987654321");
            var inbound = sim.post("/admin/channels/whatsapp/inbound",
                    "{\"from\":\"+5511900000001\",\"to\":\"+5511900000002\",\"text\":\"hi\"}");

            JsonNode stats = sim.stats("whatsapp");
            assertEquals(2, stats.get("sends").longValue());
            assertEquals(1, stats.get("webhooks_dropped").longValue());
            assertEquals(503, inbound.status());
            assertTrue(inbound.raw().headers().firstValue("Retry-After").isPresent());
            assertEquals(0, stats.get("inbound").longValue());
        }
    }
}
