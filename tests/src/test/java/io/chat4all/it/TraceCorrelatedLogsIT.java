package io.chat4all.it;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.stack.LocalStack;
import io.chat4all.stack.ServiceSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logs are correlated with traces: what a service logs about a message carries the message's trace id, every line a
 * service writes is one JSON object, and the Collector receives the services' log records under the same trace id.
 */
@ExtendWith(TestStack.class)
class TraceCorrelatedLogsIT {
    /** The services that handle a WhatsApp message, by their log's name. */
    private static final List<String> HANDLING = List.of("api", "router", "connector-whatsapp");

    @BeforeEach
    void needsTheTelemetryPipeline(LocalStack stack) {
        TestStack.assumeTelemetry(stack);
    }

    @Test
    void everyLineAboutATracedMessageCarriesItsTraceIdAndEveryLineIsJson(LocalStack stack, ApiClient api) {
        Map<String, AppendedLines> logs = logsFromNow(stack);
        TracedDelivery delivery = TracedDelivery.send(api, "log me");
        delivery.awaitDelivered(api);

        linesAbout(delivery, logs).forEach((process, lines) -> lines.forEach(line -> assertEquals(delivery.traceId(),
                json(process, line).path("trace_id").asText(), process + " logged the message under its trace: " + line)));
        logs.forEach((process, lines) -> lines.lines().forEach(line -> json(process, line)));
    }

    /** The README's promise: a line about a message carries the message's id as a field, not only in its text. */
    @Test
    void everyLineAboutAMessageNamesItInItsMessageIdField(LocalStack stack, ApiClient api) {
        Map<String, AppendedLines> logs = logsFromNow(stack);
        TracedDelivery delivery = TracedDelivery.send(api, "name me");
        delivery.awaitDelivered(api);

        String messageId = delivery.messageId().toString();
        linesAbout(delivery, logs).forEach((process, lines) -> lines.forEach(line -> assertEquals(messageId,
                json(process, line).path("message_id").asText(), process + " names the message: " + line)));
    }

    /** Marks the end of every service's log. */
    private static Map<String, AppendedLines> logsFromNow(LocalStack stack) {
        Map<String, AppendedLines> logs = new LinkedHashMap<>();
        for (ServiceSpec service : stack.config().services()) {
            logs.put(service.instance(), AppendedLines.from(stack.logFile(service.instance())));
        }
        return logs;
    }

    /**
     * The lines of the handling services that mention the delivered message, once each of them has written one (the
     * connector logs the message once it sent it, the router once it applied the receipt).
     */
    private static Map<String, List<String>> linesAbout(TracedDelivery delivery, Map<String, AppendedLines> logs) {
        String messageId = delivery.messageId().toString();
        Map<String, List<String>> about = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String process : HANDLING) {
                List<String> lines = logs.get(process).lines().stream().filter(line -> line.contains(messageId)).toList();
                assertFalse(lines.isEmpty(), process + " logged nothing about " + messageId);
                about.put(process, lines);
            }
        });
        return about;
    }

    @Test
    void theCollectorReceivesTheServicesLogRecordsUnderTheTraceId(LocalStack stack, ApiClient api) {
        CollectorLogs collector = new CollectorLogs(AppendedLines.from(stack.telemetryLogsFile()));
        TracedDelivery delivery = TracedDelivery.send(api, "log me over OTLP");
        delivery.awaitDelivered(api);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var services = collector.servicesLogging(delivery.traceId());
            assertTrue(services.containsAll(List.of(Spans.API, Spans.ROUTER)),
                    "OTLP log records under trace " + delivery.traceId() + " from: " + services);
        });
    }

    /** The line as a JSON object, or an assertion error naming the log. */
    private static JsonNode json(String process, String line) {
        try {
            JsonNode json = ApiClient.JSON.readTree(line);
            assertTrue(json != null && json.isObject(), process + " wrote a line that is not a JSON object: " + line);
            return json;
        } catch (IOException e) {
            throw new AssertionError(process + " wrote a line that is not JSON: " + line, e);
        }
    }
}
