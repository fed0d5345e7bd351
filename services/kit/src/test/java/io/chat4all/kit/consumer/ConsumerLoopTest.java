package io.chat4all.kit.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import io.chat4all.kit.JsonLogLines;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer loop against Kafka's {@link MockConsumer} and {@link MockProducer} (dead letters), driven step by step
 * on the test thread: attempts run inline and time moves only when {@link ManualScheduler#advance} says so.
 */
class ConsumerLoopTest {
    private static final String TOPIC = "messages";
    private static final String DLQ = "messages.dlq";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    /** Longer than any backoff of the test settings: advancing by it runs the next retry. */
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(1);
    private static final ContextKey<String> TRACE = ContextKey.named("trace");

    private final RecordingConsumer consumer = new RecordingConsumer();
    private final ManualScheduler time = new ManualScheduler();
    private final ScriptedHandler handler = new ScriptedHandler();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metrics).build();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracers = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final JsonLogLines logs = JsonLogLines.of(ConsumerLoop.class, RecordRunner.class);
    private MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
            new StringSerializer());
    private ConsumerSettings settings = new ConsumerSettings("router-test", 500, Duration.ofSeconds(10), 3,
            new Backoff(Duration.ofMillis(100), LONGEST_BACKOFF), 100, Duration.ofSeconds(30), Duration.ZERO);
    private Executor workers = Runnable::run;
    private ConsumerLoop<String, String> loop;

    /** Stands in for a codec's "this record is unusable". */
    private static final class BadRecordException extends Exception {
        BadRecordException() {
            super("undecodable JSON: not a message");
        }
    }

    @AfterEach
    void closeMeters() {
        meters.close();
        tracers.close();
        logs.close();
    }

    @Test
    void recordsOfOneKeyAreHandledOneAtATimeInOffsetOrder() {
        start();
        add(P0, 0, "k1", "slow");
        add(P0, 1, "k1", "slow");
        add(P0, 2, "k1", "slow");
        loop.pollOnce();
        assertEquals(List.of("k1@0"), handler.handled());

        handler.complete(P0, 0);
        assertEquals(List.of("k1@0", "k1@1"), handler.handled());
        handler.complete(P0, 1);
        handler.complete(P0, 2);
        loop.pollOnce();

        assertEquals(List.of("k1@0", "k1@1", "k1@2"), handler.handled());
        assertEquals(3L, committed(P0));
    }

    @Test
    void aSlowKeyHoldsUpNoOtherKeyAndNoCommitPassesIt() {
        start();
        add(P0, 0, "k1", "slow");
        add(P0, 1, "k2", "ok");
        add(P0, 2, "k1", "ok");
        add(P0, 3, "k3", "ok");
        add(P1, 0, "k4", "ok");
        loop.pollOnce();

        assertEquals(List.of("k1@0", "k2@1", "k3@3", "k4@0"), handler.handled().stream().sorted().toList());
        assertNull(committed(P0), "offset 0 is unfinished: nothing of P0 may be committed");
        assertEquals(1L, committed(P1));

        handler.complete(P0, 0);
        loop.pollOnce();
        assertEquals("k1@2", handler.handled().getLast());
        assertEquals(4L, committed(P0));
    }

    @Test
    void commitStopsAtTheFirstUnfinishedRecordOfEachPartition() {
        start();
        add(P0, 0, "k1", "ok");
        add(P0, 1, "k2", "slow");
        add(P0, 2, "k3", "ok");
        loop.pollOnce();
        assertEquals(1L, committed(P0));

        add(P0, 3, "k4", "ok");
        loop.pollOnce();
        assertEquals(1L, committed(P0), "later records finished, the commit still waits for offset 1");

        handler.complete(P0, 1);
        loop.pollOnce();
        assertEquals(4L, committed(P0));
    }

    @Test
    void finishedRecordsAreCommittedAtMostOncePerCommitInterval() {
        settings = new ConsumerSettings("router-test", 500, Duration.ofSeconds(10), 3,
                new Backoff(Duration.ofMillis(100), LONGEST_BACKOFF), 100, Duration.ofSeconds(30), Duration.ofSeconds(1));
        start();
        add(P0, 0, "k1", "ok");
        loop.pollOnce();
        assertEquals(1L, committed(P0), "the first turn commits");

        add(P0, 1, "k2", "ok");
        loop.pollOnce();
        time.advance(Duration.ofMillis(999));
        loop.pollOnce();
        assertEquals(1L, committed(P0), "within the interval, finished records wait for the next commit");

        time.advance(Duration.ofMillis(1));
        loop.pollOnce();
        assertEquals(2L, committed(P0));
    }

    @Test
    void transientFailureIsRetriedUntilStoredAndCommittedOnlyThen() {
        start();
        add(P0, 0, "k1", "timeout-twice");
        add(P0, 1, "k1", "ok");
        add(P0, 2, "k2", "ok");
        loop.pollOnce();
        assertEquals(List.of("k1@0", "k2@2"), handler.handled(), "k1@1 waits behind its key, k2 does not");
        assertNull(committed(P0));

        time.advance(settings.retryBackoff().ceiling(1));
        loop.pollOnce();
        assertEquals(2, handler.attempts(P0, 0));
        assertNull(committed(P0));

        time.advance(settings.retryBackoff().ceiling(2));
        loop.pollOnce();
        assertEquals(3, handler.attempts(P0, 0));
        assertEquals("k1@1", handler.handled().getLast());
        assertEquals(3L, committed(P0));
        assertEquals(List.of(), producer.history(), "nothing dead-lettered");
        assertEquals(2, counter("chat4all.consumer.retries", FailureClass.TRANSIENT));
    }

    @Test
    void transientFailureIsNeverDeadLettered() {
        start();
        add(P0, 0, "k1", "timeout");
        loop.pollOnce();
        for (int i = 0; i < 50; i++) {
            time.advance(LONGEST_BACKOFF);
            loop.pollOnce();
        }

        assertTrue(handler.attempts(P0, 0) > 50, "retried at least once a backoff ceiling: " + handler.attempts(P0, 0));
        assertEquals(List.of(), producer.history());
        assertNull(committed(P0));
        assertEquals(1, loop.inFlight());
    }

    @Test
    void permanentFailureIsDeadLetteredAfterMaxAttemptsAndItsKeyMovesOn() {
        start();
        add(P0, 0, "k1", "bind");
        add(P0, 1, "k1", "ok");
        loop.pollOnce();
        assertEquals(1, handler.attempts(P0, 0));
        assertEquals(List.of(), producer.history());

        time.advance(settings.retryBackoff().ceiling(1));
        assertEquals(2, handler.attempts(P0, 0));
        assertEquals(List.of(), producer.history());
        time.advance(settings.retryBackoff().ceiling(2));
        loop.pollOnce();

        assertEquals(3, handler.attempts(P0, 0));
        ProducerRecord<String, String> dead = producer.history().getFirst();
        assertEquals(DLQ, dead.topic());
        assertEquals("k1", dead.key());
        assertEquals("bind", dead.value());
        assertTrue(reason(dead).contains("IllegalArgumentException") && reason(dead).contains("3 attempts"), reason(dead));
        assertEquals(List.of("k1@0", "k1@0", "k1@0", "k1@1"), handler.handled());
        assertEquals(2L, committed(P0));
        assertEquals(1, deadLettered(FailureClass.PERMANENT));
        assertEquals(2, counter("chat4all.consumer.retries", FailureClass.PERMANENT));
    }

    @Test
    void unknownFailureIsDeadLetteredAfterMaxAttemptsNeverRetriedForever() {
        settings = withMaxAttempts(2);
        start();
        add(P0, 0, "k1", "bug");
        loop.pollOnce();
        for (int i = 0; i < 5; i++) {
            time.advance(LONGEST_BACKOFF);
        }
        loop.pollOnce();

        assertEquals(2, handler.attempts(P0, 0));
        assertEquals(1, producer.history().size());
        assertTrue(reason(producer.history().getFirst()).startsWith("java.lang.IllegalStateException: no idea"));
        assertEquals(1L, committed(P0));
        assertEquals(1, deadLettered(FailureClass.UNKNOWN));
    }

    @Test
    void invalidRecordIsDeadLetteredAtOnceWithTheCodecsReason() {
        start();
        add(P0, 0, "k1", "invalid");
        add(P0, 1, "k1", "ok");
        loop.pollOnce();

        assertEquals(1, handler.attempts(P0, 0));
        assertEquals("undecodable JSON: not a message", reason(producer.history().getFirst()));
        assertEquals("0", header(producer.history().getFirst(), DeadLetterPublisher.SOURCE_OFFSET));
        assertEquals(2L, committed(P0));
        assertEquals(1, deadLettered(FailureClass.INVALID));
    }

    @Test
    void unreadableRecordIsDeadLetteredAtOnceWithoutAnAttemptOrLogFields() {
        start();
        add(P0, 0, "k1", "unreadable");
        add(P0, 1, "k1", "ok");
        loop.pollOnce();

        assertEquals(0, handler.attempts(P0, 0), "no attempt: the record could not be read");
        assertEquals("undecodable JSON: not a message", reason(producer.history().getFirst()));
        assertEquals(2L, committed(P0));
        assertEquals(1, deadLettered(FailureClass.INVALID));
        JsonNode deadLetterLine = logs.lines().stream()
                .filter(line -> line.path("message").asText().contains("goes to")).findFirst().orElseThrow();
        assertTrue(deadLetterLine.path("message_id").isMissingNode(), "no log fields: " + deadLetterLine);
    }

    @Test
    void failedDeadLetterPublishIsRetriedAndHoldsTheCommit() {
        producer = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
        start();
        add(P0, 0, "k1", "invalid");
        add(P0, 1, "k1", "ok");
        loop.pollOnce();
        assertTrue(producer.errorNext(new TimeoutException("no leader for messages.dlq")));
        loop.pollOnce();
        assertNull(committed(P0));
        assertEquals(List.of("k1@0"), handler.handled());

        time.advance(LONGEST_BACKOFF);
        assertTrue(producer.completeNext());
        loop.pollOnce();

        assertEquals(2, producer.history().size(), "published twice: the failed send and its retry");
        assertEquals(1, handler.attempts(P0, 0), "the record is not handled again, only its dead letter is resent");
        assertEquals(List.of("k1@0", "k1@1"), handler.handled());
        assertEquals(2L, committed(P0));
    }

    @Test
    void revokeCommitsTheFinishedPartAndStopsRetryingTheRevokedRecords() {
        start();
        add(P0, 0, "k1", "slow");
        add(P0, 1, "k2", "timeout");
        add(P0, 2, "k3", "ok");
        add(P1, 0, "k4", "ok");
        loop.pollOnce();
        handler.complete(P0, 0);   // finished after the last commit: only the revoke can commit it

        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
        loop.pollOnce();
        assertEquals(1L, committed(P0), "finished up to offset 1, never past the retried record");
        assertEquals(0, loop.inFlight());

        int attempts = handler.attempts(P0, 1);
        for (int i = 0; i < 10; i++) {
            time.advance(LONGEST_BACKOFF);
            loop.pollOnce();
        }
        assertEquals(attempts, handler.attempts(P0, 1), "no retry of a record whose partition left");
        assertEquals(1L, committed(P0));
        assertEquals(List.of(), producer.history());
    }

    @Test
    void lostPartitionsAreNotCommitted() {
        start();
        add(P0, 0, "k1", "slow");
        loop.pollOnce();
        handler.complete(P0, 0);

        consumer.schedulePollTask(() -> consumer.losePartitions(List.of(P0)));
        loop.pollOnce();

        assertNull(committed(P0), "another consumer may own it already");
        assertEquals(0, loop.inFlight());
    }

    @Test
    void fetchingPausesBeyondTheInFlightBoundAndResumesBelowIt() {
        settings = new ConsumerSettings("router-test", 500, Duration.ofSeconds(10), 3,
                new Backoff(Duration.ofMillis(100), LONGEST_BACKOFF), 2, Duration.ofSeconds(30), Duration.ZERO);
        start();
        add(P0, 0, "k1", "slow");
        add(P0, 1, "k2", "slow");
        loop.pollOnce();
        assertEquals(Set.of(P0, P1), consumer.paused());

        add(P0, 2, "k3", "ok");
        loop.pollOnce();
        assertEquals(List.of("k1@0", "k2@1"), handler.handled(), "nothing fetched while paused");

        handler.complete(P0, 0);
        loop.pollOnce();
        assertEquals(Set.of(), consumer.paused());
        loop.pollOnce();
        assertEquals(List.of("k1@0", "k2@1", "k3@2"), handler.handled());
    }

    @Test
    void heldFetchingPollsNothingNewWhileRecordsInFlightAreRetriedAndCommitted() {
        start();
        add(P0, 0, "k1", "timeout-twice");
        add(P0, 1, "k2", "slow");
        loop.pollOnce();
        assertEquals(List.of("k1@0", "k2@1"), handler.handled());

        loop.holdFetching("provider unavailable");
        add(P0, 2, "k3", "ok");
        add(P1, 0, "k4", "ok");
        loop.pollOnce();
        assertTrue(loop.isFetchingHeld());
        assertEquals(Set.of(P0, P1), consumer.paused(), "held from the first turn after the hold");
        assertEquals(List.of("k1@0", "k2@1"), handler.handled(), "that turn's poll returned nothing");

        time.advance(settings.retryBackoff().ceiling(1));
        loop.pollOnce();
        time.advance(settings.retryBackoff().ceiling(2));
        handler.complete(P0, 1);
        loop.pollOnce();
        assertEquals(3, handler.attempts(P0, 0), "the transient record is retried while held");
        assertEquals(2L, committed(P0), "and committed once it passed");
        assertEquals(List.of("k1@0", "k2@1", "k1@0", "k1@0"), handler.handled(), "still nothing new fetched");
        assertEquals(Set.of(P0, P1), consumer.paused());

        loop.releaseFetching();
        loop.pollOnce();
        assertEquals(Set.of(), consumer.paused());
        assertEquals(List.of("k3@2", "k4@0"), handler.handled().subList(4, 6).stream().sorted().toList());
        assertEquals(3L, committed(P0));
        assertEquals(1L, committed(P1));
    }

    @Test
    void aHoldOutlastsTheInFlightBound() {
        settings = new ConsumerSettings("router-test", 500, Duration.ofSeconds(10), 3,
                new Backoff(Duration.ofMillis(100), LONGEST_BACKOFF), 1, Duration.ofSeconds(30), Duration.ZERO);
        start();
        add(P0, 0, "k1", "slow");
        loop.pollOnce();
        assertEquals(Set.of(P0, P1), consumer.paused(), "paused by the bound");

        loop.holdFetching("provider unavailable");
        handler.complete(P0, 0);
        add(P0, 1, "k2", "ok");
        loop.pollOnce();
        loop.pollOnce();
        assertEquals(Set.of(P0, P1), consumer.paused(), "below the bound, but still held");
        assertEquals(List.of("k1@0"), handler.handled());

        loop.releaseFetching();
        loop.pollOnce();
        assertEquals(List.of("k1@0", "k2@1"), handler.handled());
        assertTrue(!loop.isFetchingHeld());
    }

    @Test
    void partitionIsStalledWhenItsOldestUnfinishedRecordWaitsBeyondTheThreshold() {
        start();
        add(P0, 0, "k1", "timeout");
        add(P1, 0, "k2", "slow");
        add(P1, 1, "k3", "ok");
        loop.pollOnce();

        time.advance(Duration.ofSeconds(29));
        assertEquals(Set.of(), loop.stalledPartitions());
        time.advance(Duration.ofSeconds(2));
        assertEquals(List.of(P0, P1), List.copyOf(loop.stalledPartitions()));
        assertEquals(2, gauge("chat4all.consumer.stalled_partitions"));

        handler.complete(P1, 0);
        assertEquals(List.of(P0), List.copyOf(loop.stalledPartitions()));
        assertEquals(1, gauge("chat4all.consumer.stalled_partitions"));
        assertEquals(1, gauge("chat4all.consumer.records_in_flight"));
    }

    @Test
    @SuppressWarnings("try")
    void everyAttemptRunsInTheContextItsRecordWasPolledIn() {
        start();
        add(P0, 0, "k1", "timeout-twice");
        try (Scope ignored = Context.root().with(TRACE, "trace-of-offset-0").makeCurrent()) {
            loop.pollOnce();
        }
        add(P0, 1, "k1", "ok");
        try (Scope ignored = Context.root().with(TRACE, "trace-of-offset-1").makeCurrent()) {
            loop.pollOnce();
        }

        time.advance(LONGEST_BACKOFF);
        time.advance(LONGEST_BACKOFF);

        assertEquals(List.of("trace-of-offset-0", "trace-of-offset-0", "trace-of-offset-0", "trace-of-offset-1"),
                handler.calls.stream().map(call -> call.context().get(TRACE)).toList(),
                "retries and the record that waited behind its key run in their own record's context");
        assertNull(Context.current().get(TRACE), "no context leaks to the thread that ran them");
    }

    @Test
    @SuppressWarnings("try")
    void eachAttemptHasASpanUnderTheRecordsContextAndFailedOnesCarryTheVerdict() {
        start();
        add(P0, 0, "k1", "timeout-twice");
        add(P0, 1, "k2", "invalid");
        Span process = tracers.get("test").spanBuilder("messages process").startSpan();
        try (Scope ignored = process.makeCurrent()) {
            loop.pollOnce();
        }
        process.end();
        time.advance(LONGEST_BACKOFF);
        time.advance(LONGEST_BACKOFF);

        List<SpanData> first = attemptSpans(0);
        assertEquals(List.of(1L, 2L, 3L), first.stream().map(s -> s.getAttributes().get(AttemptSpans.ATTEMPT)).toList());
        for (SpanData attempt : first) {
            assertEquals("handle messages", attempt.getName());
            assertEquals(process.getSpanContext().getTraceId(), attempt.getTraceId(), "one trace with the record's");
            assertEquals(process.getSpanContext().getSpanId(), attempt.getParentSpanId(), "a child of its process span");
        }
        EventData retry = first.getFirst().getEvents().stream().filter(e -> e.getName().equals("retry")).findFirst()
                .orElseThrow();
        assertEquals("transient", retry.getAttributes().get(AttemptSpans.FAILURE_CLASS));
        assertTrue(retry.getAttributes().get(AttemptSpans.DELAY_MS) > 0);
        assertEquals(StatusCode.ERROR, first.getFirst().getStatus().getStatusCode());
        assertEquals(StatusCode.UNSET, first.getLast().getStatus().getStatusCode(), "the third attempt passed");
        assertTrue(first.getLast().getEvents().isEmpty());

        EventData deadLetter = attemptSpans(1).getFirst().getEvents().stream()
                .filter(e -> e.getName().equals("dead_letter")).findFirst().orElseThrow();
        assertEquals(DLQ, deadLetter.getAttributes().get(AttemptSpans.DEAD_LETTER_TOPIC));
        assertEquals("invalid", deadLetter.getAttributes().get(AttemptSpans.FAILURE_CLASS));
    }

    @Test
    void theHandlersLogFieldsAreInTheMdcForEveryStepOfItsRecordAndNowhereElse() {
        start();
        add(P0, 0, "k1", "timeout-twice");
        loop.pollOnce();
        time.advance(LONGEST_BACKOFF);
        time.advance(LONGEST_BACKOFF);

        assertEquals(List.of("message-k1", "message-k1", "message-k1"),
                handler.calls.stream().map(ScriptedHandler.Call::logField).toList());
        assertEquals(1, handler.reads.size(), "read once for its three attempts and its log lines");
        JsonNode retryLine = logs.lines().stream().filter(line -> line.path("message").asText().contains("retrying"))
                .findFirst().orElseThrow();
        assertEquals("message-k1", retryLine.path("message_id").asText(), "the loop's own lines name the message");
        assertNull(MDC.get("message_id"), "nothing left in the MDC of the thread that ran the steps");
    }

    @Test
    void everyAssignmentRevocationAndLossIsOneStructuredLine() {
        start();
        consumer.rebalance(List.of(P1));
        consumer.losePartitions(List.of(P1));

        List<JsonNode> events = logs.lines().stream().filter(line -> line.has("event")).toList();
        assertEquals(List.of("partitions_assigned [messages-0, messages-1]", "partitions_revoked [messages-0]",
                        "partitions_lost [messages-1]"),
                events.stream().filter(line -> !line.path("partitions").isEmpty())
                        .map(line -> line.path("event").asText() + " " + texts(line.path("partitions"))).toList());
        JsonNode assigned = events.getFirst();
        assertEquals("INFO", assigned.path("level").asText());
        assertEquals("router-test", assigned.path("group").asText());
        assertEquals("1", assigned.path("member_id").asText(), "MockConsumer's member id");
        assertEquals("partitions=[messages-0, messages-1] assigned to group=router-test (member_id=1)",
                assigned.path("message").asText());
    }

    private List<SpanData> attemptSpans(long offset) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().startsWith("handle "))
                .filter(span -> span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey(
                        "messaging.kafka.offset")) == offset)
                .toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    @Test
    void stopCommitsWhatIsFinishedAndClosesTheConsumer() throws Exception {
        build();
        CountDownLatch handled = new CountDownLatch(3);
        handler.onCall = handled::countDown;
        consumer.schedulePollTask(() -> {
            assign();
            add(P0, 0, "k1", "ok");
            add(P0, 1, "k2", "timeout");
            add(P0, 2, "k3", "ok");
        });
        Thread thread = Thread.ofPlatform().start(loop);
        assertTrue(handled.await(10, TimeUnit.SECONDS));

        loop.stop();
        thread.join(Duration.ofSeconds(10));

        assertTrue(consumer.closed());
        assertEquals(1L, committed(P0));
        assertEquals(0, loop.inFlight());
        time.advance(LONGEST_BACKOFF);
        assertEquals(1, handler.attempts(P0, 1), "no retry after stop");
    }

    @Test
    void fatalKafkaErrorEndsTheLoopAndRunThrows() {
        build();
        consumer.setPollException(new KafkaException("fenced"));

        KafkaException thrown = assertThrows(KafkaException.class, loop::run);

        assertEquals("fenced", thrown.getMessage());
        assertTrue(consumer.closed());
    }

    @Test
    void bugInARecordsCallbacksEndsTheLoop() {
        AtomicBoolean rejecting = new AtomicBoolean();
        workers = task -> {
            if (rejecting.get()) {
                throw new RejectedExecutionException("broken executor");
            }
            task.run();
        };
        start();
        add(P0, 0, "k1", "slow");
        add(P0, 1, "k1", "ok");
        loop.pollOnce();
        rejecting.set(true);
        handler.complete(P0, 0);   // starting k1@1 now fails inside a callback

        IllegalStateException thrown = assertThrows(IllegalStateException.class, loop::pollOnce);
        assertInstanceOf(RejectedExecutionException.class, thrown.getCause());
    }

    @Test
    void everyPolledRecordIsCountedByPartitionAndEveryFinishedOneByStatus() {
        start();
        add(P0, 0, "k1", "ok");
        add(P0, 1, "k2", "invalid");
        add(P0, 2, "k3", "slow");
        add(P1, 0, "k4", "ok");
        loop.pollOnce();

        assertEquals(Map.of(partition(P0), 3L, partition(P1), 1L), counterPoints("messages_consumed"));
        Attributes handled = Attributes.of(ConsumerMetrics.SPEC_GROUP, "router-test",
                ConsumerMetrics.STATUS, ConsumerMetrics.HANDLED);
        Attributes invalid = Attributes.of(ConsumerMetrics.SPEC_GROUP, "router-test",
                ConsumerMetrics.STATUS, ConsumerMetrics.DEAD_LETTERED, ConsumerMetrics.REASON, "invalid");
        assertEquals(Map.of(handled, 2L, invalid, 1L), counterPoints("messages_processed"),
                "the slow record is not finished yet");

        time.advance(Duration.ofMillis(1500));
        handler.complete(P0, 2);
        loop.pollOnce();   // polls nothing new

        assertEquals(Map.of(partition(P0), 3L, partition(P1), 1L), counterPoints("messages_consumed"));
        assertEquals(Map.of(handled, 3L, invalid, 1L), counterPoints("messages_processed"));
        Map<Attributes, HistogramPointData> durations = metric("processing.duration").getHistogramData().getPoints()
                .stream().collect(Collectors.toMap(HistogramPointData::getAttributes, point -> point));
        assertEquals("s", metric("processing.duration").getUnit());
        assertEquals(3, durations.get(handled).getCount());
        assertEquals(1.5, durations.get(handled).getSum(), 1e-9, "polled at 0 s, the slow one finished at 1.5 s");
        assertEquals(1, durations.get(Attributes.of(ConsumerMetrics.SPEC_GROUP, "router-test",
                ConsumerMetrics.STATUS, ConsumerMetrics.DEAD_LETTERED)).getCount());
    }

    @Test
    void lagIsTheLogEndOffsetMinusTheCommittedOffsetOfEachHeldPartition() {
        start();
        consumer.updateEndOffsets(Map.of(P0, 10L, P1, 4L));
        consumer.commitSync(Map.of(P0, new OffsetAndMetadata(3)));
        loop.pollOnce();
        assertEquals(Map.of(P0, 7L, P1, 4L), lag(), "P1 never committed: consumed from its beginning, 0");

        add(P0, 3, "k1", "ok");
        add(P0, 4, "k2", "ok");
        loop.pollOnce();
        assertEquals(Map.of(P0, 7L, P1, 4L), lag(), "read again only every few seconds");

        time.advance(ConsumerLag.REFRESH);
        loop.pollOnce();
        assertEquals(Map.of(P0, 5L, P1, 4L), lag(), "committed 5 of 10");
    }

    @Test
    void aPartitionThatLeavesLeavesTheLagAtOnceAndANewOneIsReadOnTheNextTurn() {
        start();
        consumer.updateEndOffsets(Map.of(P0, 10L, P1, 4L));
        loop.pollOnce();
        assertEquals(Map.of(P0, 10L, P1, 4L), lag());

        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
        loop.pollOnce();
        assertEquals(Map.of(P1, 4L), lag(), "P0 belongs to another member now: only it reports P0");

        consumer.schedulePollTask(() -> consumer.losePartitions(List.of(P1)));
        loop.pollOnce();
        assertEquals(Map.of(), lag());

        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0)));
        loop.pollOnce();
        assertEquals(Map.of(P0, 10L), lag(), "assigned again: read without waiting for the next refresh");
    }

    /** Builds the loop, subscribes and assigns P0 and P1, as the first poll of a real consumer would. */
    private void start() {
        build();
        loop.subscribe();
        assign();
    }

    private void build() {
        loop = ConsumerLoop.<String, String>builder()
                .consumer(consumer)
                .topics(List.of(TOPIC))
                .handler(handler)
                .deadLetters(new DeadLetterPublisher<>(producer, DLQ))
                .classifier(new FailureClassifier(List.of(BadRecordException.class)))
                .settings(settings)
                .meter(meters.get("test"))
                .scheduler(time)
                .workers(workers)
                .tracer(tracers.get("test"))
                .build();
    }

    private void assign() {
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.rebalance(List.of(P0, P1));
    }

    private ConsumerSettings withMaxAttempts(int maxAttempts) {
        return new ConsumerSettings(settings.group(), settings.maxPollRecords(), settings.sessionTimeout(), maxAttempts,
                settings.retryBackoff(), settings.maxInFlight(), settings.stallThreshold(), settings.commitInterval());
    }

    private void add(TopicPartition partition, long offset, String key, String value) {
        consumer.addRecord(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, key, value));
    }

    private Long committed(TopicPartition partition) {
        OffsetAndMetadata offset = consumer.commits.get(partition);
        return offset == null ? null : offset.offset();
    }

    private static String reason(ProducerRecord<String, String> record) {
        return header(record, DeadLetterPublisher.REASON);
    }

    private static String header(ProducerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private long counter(String name, FailureClass reason) {
        Attributes attributes = Attributes.of(ConsumerMetrics.GROUP, "router-test", ConsumerMetrics.REASON, reason.label());
        return metric(name).getLongSumData().getPoints().stream()
                .filter(point -> point.getAttributes().equals(attributes))
                .mapToLong(LongPointData::getValue).sum();
    }

    private long deadLettered(FailureClass reason) {
        return sum("messages_processed", Attributes.of(ConsumerMetrics.SPEC_GROUP, "router-test",
                ConsumerMetrics.STATUS, ConsumerMetrics.DEAD_LETTERED, ConsumerMetrics.REASON, reason.label()));
    }

    /** The counter's points by their attributes; none left out. */
    private Map<Attributes, Long> counterPoints(String name) {
        return metric(name).getLongSumData().getPoints().stream()
                .collect(Collectors.toMap(LongPointData::getAttributes, LongPointData::getValue));
    }

    private long sum(String name, Attributes attributes) {
        return counterPoints(name).getOrDefault(attributes, 0L);
    }

    /** The lag per partition, as the gauge reports it now. */
    private Map<TopicPartition, Long> lag() {
        return metrics.collectAllMetrics().stream().filter(metric -> metric.getName().equals("kafka_consumer_lag"))
                .flatMap(metric -> metric.getLongGaugeData().getPoints().stream())
                .peek(point -> assertEquals("router-test", point.getAttributes().get(ConsumerMetrics.SPEC_GROUP)))
                .collect(Collectors.toMap(point -> new TopicPartition(point.getAttributes().get(ConsumerMetrics.TOPIC),
                        point.getAttributes().get(ConsumerMetrics.PARTITION).intValue()), LongPointData::getValue));
    }

    private static Attributes partition(TopicPartition tp) {
        return Attributes.of(ConsumerMetrics.SPEC_GROUP, "router-test", ConsumerMetrics.TOPIC, tp.topic(),
                ConsumerMetrics.PARTITION, (long) tp.partition());
    }

    private long gauge(String name) {
        return metric(name).getLongGaugeData().getPoints().stream().mapToLong(LongPointData::getValue).sum();
    }

    private MetricData metric(String name) {
        return metrics.collectAllMetrics().stream().filter(metric -> metric.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    /** Keeps the last offset committed per partition, readable after a revoke or close (MockConsumer's is not). */
    private static final class RecordingConsumer extends MockConsumer<String, String> {
        final Map<TopicPartition, OffsetAndMetadata> commits = new ConcurrentHashMap<>();

        RecordingConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            super.commitSync(offsets);
            commits.putAll(offsets);
        }
    }

    /**
     * Answers by the record's value: "ok", "slow" (until completed), "invalid", "bind", "bug", "timeout"(-twice), and
     * "unreadable", which fails to be read. Each record's log field names the message: here, its key.
     */
    private static final class ScriptedHandler implements RecordHandler<String, String> {
        record Call(ConsumerRecord<String, String> record, int attempt, Context context, String logField,
                    CompletableFuture<Void> result) {
        }

        final List<Call> calls = new CopyOnWriteArrayList<>();
        final List<ConsumerRecord<String, String>> reads = new CopyOnWriteArrayList<>();
        volatile Runnable onCall = () -> {
        };

        @Override
        public Handling read(ConsumerRecord<String, String> record) throws BadRecordException {
            reads.add(record);
            if (record.value().equals("unreadable")) {
                throw new BadRecordException();
            }
            return new Handling(Map.of("message_id", "message-" + record.key()), attempt -> handle(record, attempt));
        }

        private CompletionStage<Void> handle(ConsumerRecord<String, String> record, int attempt)
                throws BadRecordException {
            CompletableFuture<Void> result = new CompletableFuture<>();
            calls.add(new Call(record, attempt, Context.current(), MDC.get("message_id"), result));
            onCall.run();
            switch (record.value()) {
                case "ok" -> result.complete(null);
                case "slow" -> {
                }
                case "invalid" -> throw new BadRecordException();
                case "bind" -> result.completeExceptionally(new IllegalArgumentException("unpaired surrogate"));
                case "bug" -> result.completeExceptionally(new IllegalStateException("no idea"));
                case "timeout" -> result.completeExceptionally(new DriverTimeoutException("PT5S"));
                case "timeout-twice" -> {
                    if (attempt <= 2) {
                        result.completeExceptionally(new DriverTimeoutException("PT5S"));
                    } else {
                        result.complete(null);
                    }
                }
                default -> throw new IllegalArgumentException("no script for " + record.value());
            }
            return result;
        }

        /** "key@offset" of every call, in call order. */
        List<String> handled() {
            return calls.stream().map(call -> call.record().key() + "@" + call.record().offset()).toList();
        }

        int attempts(TopicPartition partition, long offset) {
            return (int) calls.stream().filter(call -> matches(call, partition, offset)).count();
        }

        void complete(TopicPartition partition, long offset) {
            calls.stream().filter(call -> matches(call, partition, offset)).reduce((first, last) -> last)
                    .orElseThrow().result().complete(null);
        }

        private static boolean matches(Call call, TopicPartition partition, long offset) {
            return call.record().partition() == partition.partition() && call.record().offset() == offset;
        }
    }
}
