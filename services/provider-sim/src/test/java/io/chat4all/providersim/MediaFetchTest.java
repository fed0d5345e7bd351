package io.chat4all.providersim;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A send that links a file makes the provider fetch it, as a platform does, and record what it got. */
class MediaFetchTest {
    private static final byte[] FILE = "quarterly numbers\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

    private HttpServer files;
    private WebhookReceiver receiver;
    private SimulatorUnderTest sim;

    @BeforeEach
    void start() throws Exception {
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/files/report.txt", exchange -> {
            exchange.sendResponseHeaders(200, FILE.length);
            exchange.getResponseBody().write(FILE);
            exchange.close();
        });
        files.createContext("/files/expired", exchange -> {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        files.start();
        receiver = new WebhookReceiver();
        sim = new SimulatorUnderTest(Map.of("provider.webhooks.whatsapp", receiver.url("/webhooks/whatsapp").toString()));
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
        files.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + files.getAddress().getPort() + path;
    }

    private JsonNode mediaOf(String messageId) throws Exception {
        return sim.get("/v1/whatsapp/messages/" + messageId).body().get("recipients").get(0).path("media");
    }

    @Test
    void aLinkedFileIsFetchedAndItsDigestRecorded() throws Exception {
        sim.post("/v1/whatsapp/messages", "{\"message_id\":\"m-file\",\"to\":\"+5511987654321\",\"text\":\"the report\","
                + "\"media_url\":\"" + url("/files/report.txt") + "\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> !mediaOf("m-file").isMissingNode());
        JsonNode media = mediaOf("m-file");
        assertEquals("fetched", media.get("outcome").textValue());
        assertEquals(FILE.length, media.get("bytes").longValue());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(FILE)),
                media.get("sha256").textValue());
        assertEquals(url("/files/report.txt"), media.get("url").textValue());
    }

    @Test
    void aLinkThatDoesNotWorkIsRecordedAsFailed() throws Exception {
        sim.post("/v1/whatsapp/messages", "{\"message_id\":\"m-expired\",\"to\":\"+5511987654321\",\"text\":\"x\","
                + "\"media_url\":\"" + url("/files/expired") + "\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> !mediaOf("m-expired").isMissingNode());
        assertEquals("failed", mediaOf("m-expired").get("outcome").textValue());
        assertEquals("HTTP 403", mediaOf("m-expired").get("error").textValue());
    }
}
