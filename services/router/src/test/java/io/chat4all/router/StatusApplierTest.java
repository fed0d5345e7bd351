package io.chat4all.router;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import io.chat4all.contracts.Channel;
import io.chat4all.contracts.InvalidEventException;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.contracts.StatusEventCodec;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.chat4all.kit.telemetry.MessageSpans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.chat4all.contracts.MessageStatus.ACCEPTED;
import static io.chat4all.contracts.MessageStatus.DELIVERED;
import static io.chat4all.contracts.MessageStatus.FAILED;
import static io.chat4all.contracts.MessageStatus.PENDING;
import static io.chat4all.contracts.MessageStatus.READ;
import static io.chat4all.contracts.MessageStatus.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusApplierTest {
    private static final Instant ACCEPTED_AT = Instant.parse("2026-06-01T10:00:00Z");

    private final InMemoryStatusHistory history = new InMemoryStatusHistory();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metrics).build();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracers = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final StatusApplier applier = new StatusApplier(history, 3, new DeliveryLatency(meters.get("test")));
    private final UUID message = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @AfterEach
    void closeProviders() {
        meters.close();
        tracers.close();
    }

    @BeforeEach
    void bobIsARecipient() {
        history.recordSent(message, List.of(new Recipient(bob, Optional.empty())), ACCEPTED_AT, ACCEPTED_AT.plusMillis(5));
    }

    @Test
    void aForwardStatusIsAppendedWithItsTimeAndChannel() {
        apply(DELIVERED, Instant.parse("2026-06-01T10:00:01Z"), Optional.of(Channel.WHATSAPP));

        assertEquals(List.of(ACCEPTED, SENT, DELIVERED), history.statusesOf(message, bob));
        InMemoryStatusHistory.Entry delivered = history.entries.get(2);
        assertEquals(Instant.parse("2026-06-01T10:00:01Z"), delivered.at());
        assertEquals(Optional.of(Channel.WHATSAPP), delivered.channel());
    }

    @Test
    void aDuplicateKeepsTheFirstTime() {
        apply(DELIVERED, Instant.parse("2026-06-01T10:00:01Z"), Optional.empty());
        apply(DELIVERED, Instant.parse("2026-06-01T10:09:00Z"), Optional.empty());

        assertEquals(Instant.parse("2026-06-01T10:00:01Z"), history.entries.get(2).at());
        assertEquals(3, history.entries.size());
    }

    @Test
    void lateAndBackwardStatusesChangeNothing() {
        apply(DELIVERED, ACCEPTED_AT.plusSeconds(1), Optional.empty());
        apply(SENT, ACCEPTED_AT.plusSeconds(2), Optional.empty());
        apply(PENDING, ACCEPTED_AT.plusSeconds(3), Optional.empty());

        assertEquals(List.of(ACCEPTED, SENT, DELIVERED), history.statusesOf(message, bob));
        assertEquals(ACCEPTED_AT.plusMillis(5), history.entries.get(1).at(), "SENT keeps its time");
    }

    @Test
    void failedAfterDeliveredIsRefused() {
        apply(DELIVERED, ACCEPTED_AT.plusSeconds(1), Optional.empty());
        apply(FAILED, ACCEPTED_AT.plusSeconds(2), Optional.empty());

        assertEquals(List.of(ACCEPTED, SENT, DELIVERED), history.statusesOf(message, bob));
    }

    @Test
    void failedBeforeDeliveryIsFinal() {
        apply(PENDING, ACCEPTED_AT.plusSeconds(1), Optional.of(Channel.INSTAGRAM));
        apply(FAILED, ACCEPTED_AT.plusSeconds(2), Optional.of(Channel.INSTAGRAM));
        apply(DELIVERED, ACCEPTED_AT.plusSeconds(3), Optional.of(Channel.INSTAGRAM));
        apply(READ, ACCEPTED_AT.plusSeconds(4), Optional.of(Channel.INSTAGRAM));

        assertEquals(List.of(ACCEPTED, SENT, PENDING, FAILED), history.statusesOf(message, bob));
    }

    @Test
    void readIsFinal() {
        apply(READ, ACCEPTED_AT.plusSeconds(1), Optional.empty());
        apply(DELIVERED, ACCEPTED_AT.plusSeconds(2), Optional.empty());

        assertEquals(List.of(ACCEPTED, SENT, READ), history.statusesOf(message, bob));
    }

    @Test
    void anUnknownRecipientIsRetriedAsNotYetThenGivenUp() {
        UUID stranger = UUID.randomUUID();
        ConsumerRecord<String, byte[]> record = record(new StatusEvent(message, stranger, DELIVERED, Optional.empty(),
                ACCEPTED_AT, Optional.empty()));

        assertInstanceOf(RecipientNotKnownYet.class, failureOf(record, 1));
        assertInstanceOf(RecipientNotKnownYet.class, failureOf(record, 2));
        assertInstanceOf(UnknownRecipient.class, failureOf(record, 3));
        assertEquals(List.of(), history.statusesOf(message, stranger));
    }

    @Test
    void aLateFanOutIsWaitedFor() throws Exception {
        UUID carol = UUID.randomUUID();
        ConsumerRecord<String, byte[]> record = record(new StatusEvent(message, carol, DELIVERED, Optional.empty(),
                ACCEPTED_AT.plusSeconds(1), Optional.empty()));
        assertInstanceOf(RecipientNotKnownYet.class, failureOf(record, 1));

        history.recordSent(message, List.of(new Recipient(carol, Optional.empty())), ACCEPTED_AT, ACCEPTED_AT);
        applier.read(record).attempt().run(2).toCompletableFuture().join();

        assertEquals(List.of(ACCEPTED, SENT, DELIVERED), history.statusesOf(message, carol));
    }

    @Test
    void theFirstDeliveryIsTimedFromAcceptanceOnceWithTheChannelAndTheMessagesTraceAsExemplar() {
        SpanData handled = applyTraced(DELIVERED, ACCEPTED_AT.plusMillis(1500), Optional.of(Channel.WHATSAPP));
        applyTraced(DELIVERED, ACCEPTED_AT.plusSeconds(9), Optional.of(Channel.WHATSAPP));   // a duplicate
        applyTraced(READ, ACCEPTED_AT.plusSeconds(20), Optional.of(Channel.WHATSAPP));

        HistogramPointData point = latencyPoint("whatsapp");
        assertEquals(1, point.getCount(), "one sample per recipient: neither the duplicate nor READ adds one");
        assertEquals(1.5, point.getSum(), 1e-9);
        assertEquals(handled.getTraceId(), point.getExemplars().getFirst().getSpanContext().getTraceId(),
                "the exemplar leads to the trace of the status that delivered it");
    }

    @Test
    void aReadWithNoDeliveredBeforeItIsTheFirstDeliveryAndInAppRecipientsHaveTheirOwnChannel() {
        applyTraced(READ, ACCEPTED_AT.plusSeconds(2), Optional.empty());

        assertEquals(1, latencyPoint(DeliveryLatency.IN_APP).getCount());
    }

    @Test
    void theAppliedStatusIsAnEventOnTheSpanWithTheMessageAndTheOutcome() {
        SpanData applied = applyTraced(DELIVERED, ACCEPTED_AT.plusSeconds(1), Optional.of(Channel.INSTAGRAM));
        SpanData ignored = applyTraced(SENT, ACCEPTED_AT.plusSeconds(2), Optional.of(Channel.INSTAGRAM));

        assertEquals(message.toString(), applied.getAttributes().get(MessageSpans.MESSAGE_ID));
        assertEquals("instagram", applied.getAttributes().get(MessageSpans.CHANNEL));
        assertEquals("applied", applied.getAttributes().get(MessageSpans.OUTCOME));
        EventData change = applied.getEvents().stream().filter(e -> e.getName().equals("status_change")).findFirst()
                .orElseThrow();
        assertEquals("SENT", change.getAttributes().get(StatusApplier.FROM));
        assertEquals("DELIVERED", change.getAttributes().get(StatusApplier.TO));
        assertEquals(bob.toString(), change.getAttributes().get(StatusApplier.RECIPIENT));
        assertEquals("ignored", ignored.getAttributes().get(MessageSpans.OUTCOME));
        assertTrue(ignored.getEvents().isEmpty());
    }

    /** Applies the status under a span of its own, as the consumer loop's attempt span; returns the span, ended. */
    @SuppressWarnings("try")
    private SpanData applyTraced(MessageStatus status, Instant at, Optional<Channel> channel) {
        Span span = tracers.get("test").spanBuilder("handle status").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            apply(status, at, channel);
        }
        span.end();
        return spans.getFinishedSpanItems().getLast();
    }

    private HistogramPointData latencyPoint(String channel) {
        return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals("chat4all.delivery.latency"))
                .flatMap(m -> m.getHistogramData().getPoints().stream())
                .filter(p -> channel.equals(p.getAttributes().get(DeliveryLatency.CHANNEL)))
                .findFirst().orElseThrow(() -> new AssertionError("no latency sample for " + channel));
    }

    @Test
    void undecodableRecordsAreInvalid() {
        assertThrows(InvalidEventException.class, () -> applier.read(new ConsumerRecord<>("status", 0, 0L,
                message.toString(), "{\"status\":\"READ\"}".getBytes(StandardCharsets.UTF_8))));
    }

    private void apply(MessageStatus status, Instant at, Optional<Channel> channel) {
        try {
            applier.read(record(new StatusEvent(message, bob, status, channel, at, Optional.empty()))).attempt().run(1)
                    .toCompletableFuture().join();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Throwable failureOf(ConsumerRecord<String, byte[]> record, int attempt) {
        CompletionException failed = assertThrows(CompletionException.class,
                () -> applier.read(record).attempt().run(attempt).toCompletableFuture().join());
        return failed.getCause();
    }

    private static ConsumerRecord<String, byte[]> record(StatusEvent event) {
        return new ConsumerRecord<>("status", 0, 0L, event.messageId().toString(), StatusEventCodec.encode(event));
    }
}
