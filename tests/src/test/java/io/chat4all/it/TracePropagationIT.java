package io.chat4all.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Topics;
import io.chat4all.it.ApiClient.User;
import io.chat4all.stack.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client's W3C trace id survives the whole way: api, the Kafka record, the router's processing and its logs. */
@ExtendWith(TestStack.class)
class TracePropagationIT {

    @Test
    void traceparentReachesKafkaHeadersAndRouterLogs(LocalStack stack, ApiClient api, KafkaProbe kafka) {
        User alice = api.newUser("alice");
        UUID conversation = api.privateConversation(alice, api.newUser("bob"));
        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(randomBytes(16));
        String traceparent = "00-" + traceId + "-" + hex.formatHex(randomBytes(8)) + "-01";

        var accepted = require(api.post("/v1/messages", Map.of("conversation_id", conversation.toString(), "text", "traced"),
                alice.token(), Map.of("traceparent", traceparent)), 202);
        UUID messageId = UUID.fromString(accepted.json().path("message_id").asText());

        ConsumerRecord<String, byte[]> record = kafka.find(Topics.MESSAGES.name(), RedeliveryIT.carrying(messageId),
                Duration.ofSeconds(30)).orElseThrow();
        Header header = record.headers().lastHeader("traceparent");
        assertNotNull(header, "the api's producer puts the trace context on the record");
        assertTrue(new String(header.value(), StandardCharsets.UTF_8).contains(traceId),
                "the record carries the client's trace id");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> logHasLine(stack.logFile("router"), messageId, traceId));
        assertTrue(logHasLine(stack.logFile("api"), messageId, traceId), "the api logged the message under the trace");
    }

    /** True when the JSON log holds a line about this message that carries the trace id. */
    private static boolean logHasLine(Path log, UUID messageId, String traceId) {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.startsWith("{") && line.contains(messageId.toString()))
                    .map(TracePropagationIT::json)
                    .anyMatch(line -> traceId.equals(line.path("trace_id").asText())
                            && messageId.toString().equals(line.path("message_id").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String line) {
        try {
            return ApiClient.JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
