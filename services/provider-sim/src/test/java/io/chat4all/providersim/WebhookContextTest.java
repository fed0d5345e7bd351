package io.chat4all.providersim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.chat4all.kit.consumer.Backoff;
import io.chat4all.kit.telemetry.LogFields;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A webhook goes out long after the send that caused it, from the timer's and the HTTP client's threads: its attempts
 * and their log lines must still run under the send's trace context (with the tracing agent, the HTTP client span and
 * the {@code traceparent} it sends follow from it) and with the send's log fields.
 */
class WebhookContextTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final WebhookSender sender = new WebhookSender(new WebhookDelivery(Duration.ofSeconds(5),
            new Backoff(Duration.ofMillis(20), Duration.ofMillis(50)), Duration.ofSeconds(10), 10),
            new WebhookSignature("a-webhook-secret-of-32-bytes-at-least".getBytes(StandardCharsets.UTF_8)), timer);
    private final SdkTracerProvider tracers = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build();
    private final Logger senderLog = (Logger) LoggerFactory.getLogger(WebhookSender.class);
    private final Level levelBefore = senderLog.getLevel();
    private final SeenLines seen = new SeenLines();

    @AfterEach
    void close() {
        senderLog.detachAppender(seen);
        senderLog.setLevel(levelBefore);
        sender.close();
        timer.shutdownNow();
        tracers.close();
    }

    @Test
    @SuppressWarnings("try")
    void retriesAndVerdictsRunUnderTheTraceAndLogFieldsOfTheSendThatCausedThem() throws Exception {
        seen.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        seen.start();
        senderLog.addAppender(seen);
        senderLog.setLevel(Level.DEBUG);
        Span send = tracers.get("test").spanBuilder("POST /v1/{channel}/messages").startSpan();
        String trace = send.getSpanContext().getTraceId();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.failNext(1, 503);
            assertTrue(deliverUnder(send, "m-1", receiver).get(), "taken on its second attempt");
            receiver.failNext(1, 400);
            assertFalse(deliverUnder(send, "m-2", receiver).get(), "refused for good");
        }
        send.end();

        List<Line> lines = seen.lines;
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).message().contains("failed (HTTP 503), attempt 1"), lines.get(0).message());
        assertTrue(lines.get(1).message().contains("taken (attempt 2)"), lines.get(1).message());
        assertTrue(lines.get(2).message().contains("gave up"), lines.get(2).message());
        assertEquals(List.of("m-1", "m-1", "m-2"), lines.stream().map(Line::messageId).toList());
        assertEquals(List.of(trace, trace, trace), lines.stream().map(Line::traceId).toList());
        assertTrue(lines.stream().noneMatch(line -> line.thread().equals("main")), "all on the client's threads");
    }

    /** Hands a webhook to the sender as the send of {@code messageId} would: under its span and log fields. */
    @SuppressWarnings("try")
    private CompletableFuture<Boolean> deliverUnder(Span send, String messageId, WebhookReceiver receiver) {
        try (Scope ignored = send.makeCurrent();
             LogFields.Restore fields = LogFields.put(Map.of(LogFields.MESSAGE_ID, messageId))) {
            return sender.deliver(receiver.url("/webhooks/whatsapp"), Map.of("type", "delivered"), new ChannelStats());
        }
    }

    record Line(String message, String messageId, String traceId, String thread) {
    }

    /** Each line with the MDC's message id and the trace current on the logging thread, and that thread's name. */
    private static final class SeenLines extends AppenderBase<ILoggingEvent> {
        final List<Line> lines = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            lines.add(new Line(event.getFormattedMessage(), MDC.get(LogFields.MESSAGE_ID),
                    Span.current().getSpanContext().getTraceId(), Thread.currentThread().getName()));
        }
    }
}
