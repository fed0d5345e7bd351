package io.chat4all.it;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.Topics;
import io.chat4all.it.ApiClient.Response;
import io.chat4all.it.ApiClient.User;
import io.chat4all.stack.LocalStack;
import io.chat4all.stack.Services;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static io.chat4all.it.DeliveryStatusIT.awaitStatus;
import static io.chat4all.it.DeliveryStatusIT.recipient;
import static io.chat4all.it.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Webhooks nobody should be able to fake, POSTed straight at the WhatsApp connector: a wrong or missing signature
 * (401), a valid signature over a receipt whose callback data the connector never gave out (422), a malformed body
 * (400). None of them moves the message's status or puts anything on {@code status}; the same receipt, properly
 * signed with the real callback data, does.
 */
@ExtendWith(TestStack.class)
class HostileWebhooksIT {
    private static final String SIGNATURE = "X-Hub-Signature-256";

    private ProviderSim sim;

    @AfterEach
    void providerSettingsAreResetForTheNextTest() {
        if (sim != null) {
            sim.reset();
        }
    }

    @Test
    void forgedOrMalformedReceiptsAreRefusedAndChangeNothing(LocalStack stack, ApiClient api, CassandraProbe cassandra,
                                                             KafkaProbe kafka, ProviderSim sim) throws Exception {
        this.sim = sim;
        // No real receipts: the message stays SENT, so a receipt that got through would show.
        sim.receipts(Channel.WHATSAPP, Map.of("delivered_probability", 0));
        byte[] secret = stack.context().webhookSecret().getBytes(StandardCharsets.UTF_8);
        ApiClient connector = new ApiClient(stack.uri(Services.CONNECTOR_WHATSAPP));
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        IdentitiesIT.link(api, bob, "whatsapp", IdentitiesIT.freshNumber());
        UUID conversation = api.privateConversation(alice, bob);
        UUID message = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, conversation, "receipts are signed");
        UUID other = RedeliveryIT.sendAndAwaitStored(api, cassandra, alice, conversation, "another message");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode sent = sim.onlyRecipient(Channel.WHATSAPP, message);
            return sent != null && sent.path("sends").asInt() == 1;
        });
        JsonNode before = recipient(require(api.get("/v1/messages/" + message, alice.token()), 200).json(), bob);
        assertEquals("SENT", before.path("status").asText(), before.toString());

        String genuine = receipt(message, callbackData(secret, message, bob.id()));
        assertProblem(webhook(connector, genuine, Map.of()), 401);
        assertProblem(webhook(connector, genuine, Map.of(SIGNATURE, sign(otherKey(), genuine))), 401);
        assertProblem(webhook(connector, genuine, Map.of(SIGNATURE, "sha256=not-hex")), 401);
        assertProblem(webhook(connector, genuine.replace("delivered", "read"),
                Map.of(SIGNATURE, sign(secret, genuine))), 401);

        String forged = receipt(message, callbackData(otherKey(), message, bob.id()));
        assertProblem(webhook(connector, forged, Map.of(SIGNATURE, sign(secret, forged))), 422);
        String replayed = receipt(message, callbackData(secret, other, bob.id()));
        assertProblem(webhook(connector, replayed, Map.of(SIGNATURE, sign(secret, replayed))), 422);
        String strangers = receipt(message, callbackData(secret, message, alice.id()).replace(alice.id().toString(),
                bob.id().toString()));
        assertProblem(webhook(connector, strangers, Map.of(SIGNATURE, sign(secret, strangers))), 422);

        String truncated = genuine.substring(0, genuine.length() / 2);
        assertProblem(webhook(connector, truncated, Map.of(SIGNATURE, sign(secret, truncated))), 400);
        String badId = "{\"type\":\"delivered\",\"message_id\":\"not-a-uuid\",\"callback_data\":\"x\"}";
        assertProblem(webhook(connector, badId, Map.of(SIGNATURE, sign(secret, badId))), 400);
        String noType = "{\"message_id\":\"" + message + "\"}";
        assertProblem(webhook(connector, noType, Map.of(SIGNATURE, sign(secret, noType))), 400);

        // The connector publishes before it answers, so anything a refused webhook had published would be there now.
        assertEquals(List.of(), kafka.findAll(Topics.STATUS.name(),
                record -> message.toString().equals(record.key())), "nothing on " + Topics.STATUS + " for the message");
        assertEquals(before, recipient(require(api.get("/v1/messages/" + message, alice.token()), 200).json(), bob));

        assertEquals(202, webhook(connector, genuine, Map.of(SIGNATURE, sign(secret, genuine))).status(),
                "the same receipt, genuine, is taken");
        assertEquals("whatsapp", recipient(awaitStatus(api, alice, message, bob, "DELIVERED"), bob)
                .path("history").get(2).path("channel").asText());
    }

    private static Response webhook(ApiClient connector, String body, Map<String, String> headers) {
        return connector.postRaw("/webhooks/whatsapp", body, "application/json", null, headers);
    }

    private static String receipt(UUID message, String callbackData) throws Exception {
        return ApiClient.JSON.writeValueAsString(Map.of("type", "delivered", "message_id", message.toString(),
                "to", "+5511900000000", "provider_message_id", "wamid.forged", "callback_data", callbackData,
                "at", "2026-01-01T00:00:00Z"));
    }

    /** What the connector gives the provider with a message (ADR 0003): the recipient and an HMAC of both ids. */
    private static String callbackData(byte[] key, UUID message, UUID recipient) throws GeneralSecurityException {
        byte[] tag = hmac(key, (message + "|" + recipient).getBytes(StandardCharsets.UTF_8));
        return recipient + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    }

    private static String sign(byte[] key, String body) throws GeneralSecurityException {
        return "sha256=" + HexFormat.of().formatHex(hmac(key, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] otherKey() {
        return "not the webhook secret of this stack, 32+ bytes long".getBytes(StandardCharsets.UTF_8);
    }
}
