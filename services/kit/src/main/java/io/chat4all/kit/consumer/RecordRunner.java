package io.chat4all.kit.consumer;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import io.chat4all.kit.telemetry.LogFields;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one record to its end: attempts at the handler, retried with backoff for as long as the failure is transient
 * or until a permanent (or unknown) one has had its attempts, then the dead-letter topic, whose publish is retried
 * until Kafka takes it. Every step runs on the worker executor (never on a driver's I/O thread) under the trace
 * context the record was polled in and with the record's log fields in the MDC; no step runs once the record is
 * abandoned. Each attempt gets its own span ({@link AttemptSpans}): the tracing agent's process span has ended by
 * then, and the handler's spans, attributes and the retry or dead-letter verdict need a live span to go on.
 */
final class RecordRunner<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(RecordRunner.class);
    /** While a record keeps failing transiently: a WARN on the first failure, then one every this many. */
    private static final int WARN_EVERY_FAILURES = 10;
    private static final int MAX_REASON_CHARS = 1000;

    private final RecordHandler<K, V> handler;
    private final DeadLetterPublisher<K, V> deadLetters;
    private final FailureClassifier classifier;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Scheduler scheduler;
    private final Executor workers;
    private final ConsumerMetrics metrics;
    private final AttemptSpans spans;
    private final Consumer<InFlightRecord<K, V>> onFinished;
    private final Consumer<Throwable> onBug;

    RecordRunner(RecordHandler<K, V> handler, DeadLetterPublisher<K, V> deadLetters, FailureClassifier classifier,
                 ConsumerSettings settings, Scheduler scheduler, Executor workers, ConsumerMetrics metrics,
                 Tracer tracer, Consumer<InFlightRecord<K, V>> onFinished, Consumer<Throwable> onBug) {
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.classifier = classifier;
        this.maxAttempts = settings.maxAttempts();
        this.backoff = settings.retryBackoff();
        this.scheduler = scheduler;
        this.workers = workers;
        this.metrics = metrics;
        this.spans = new AttemptSpans(tracer, settings.group(), deadLetters.topic());
        this.onFinished = onFinished;
        this.onBug = onBug;
    }

    /** Starts the record's first attempt. */
    void start(InFlightRecord<K, V> record) {
        workers.execute(() -> step(record, () -> attempt(record)));
    }

    @SuppressWarnings("try")   // the scope is only closed, never read
    private void attempt(InFlightRecord<K, V> record) {
        int attempt = record.nextAttempt();
        Span span = spans.start(record.record(), attempt);
        CompletionStage<Void> outcome;
        try (Scope ignored = span.makeCurrent()) {
            outcome = Objects.requireNonNull(record.handling(handler).attempt().run(attempt),
                    "the record handler's attempt returned no stage");
        } catch (Exception e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((done, failure) -> {
            if (!step(record, () -> settle(record, span, failure))) {
                spans.abandoned(span);
            }
        });
    }

    private void settle(InFlightRecord<K, V> record, Span span, Throwable failure) {
        if (failure == null) {
            span.end();
            metrics.handled(sincePolled(record));
            onFinished.accept(record);
            return;
        }
        Throwable cause = FailureClassifier.unwrap(failure);
        FailureClass kind = classifier.classify(cause);
        int counted = record.failed(kind != FailureClass.TRANSIENT);
        if (kind == FailureClass.INVALID || kind != FailureClass.TRANSIENT && counted >= maxAttempts) {
            String reason = kind == FailureClass.INVALID ? messageOf(cause)
                    : cause + " (failed " + counted + " attempts)";
            spans.deadLettered(span, cause, kind);
            workers.execute(() -> step(record, () -> deadLetter(record, kind, truncate(reason))));
            return;
        }
        metrics.retried(kind);
        Duration delay = backoff.delay(record.failures(), ThreadLocalRandom.current());
        spans.retried(span, cause, kind, delay);
        logRetry(record, kind, counted, delay, cause);
        later(record, delay, () -> attempt(record));
    }

    private void logRetry(InFlightRecord<K, V> record, FailureClass kind, int counted, Duration delay, Throwable cause) {
        if (kind == FailureClass.TRANSIENT) {
            if (record.failures() % WARN_EVERY_FAILURES == 1) {
                LOG.warn("{} failed transiently ({} times), retrying until it passes, next in {} ms; records of its key"
                        + " wait: {}", record, record.failures(), delay.toMillis(), cause.toString());
            } else {
                LOG.debug("{} failed transiently again, retrying in {} ms: {}", record, delay.toMillis(), cause.toString());
            }
        } else if (kind == FailureClass.UNKNOWN && counted == 1) {
            // An unknown failure is likely a bug: its first occurrence gets the stack trace.
            LOG.warn("{} failed (unknown, attempt 1 of {}), retrying in {} ms", record, maxAttempts, delay.toMillis(), cause);
        } else {
            LOG.warn("{} failed ({}, attempt {} of {}), retrying in {} ms: {}", record, kind.label(), counted, maxAttempts,
                    delay.toMillis(), cause.toString());
        }
    }

    private void deadLetter(InFlightRecord<K, V> record, FailureClass kind, String reason) {
        LOG.warn("{} goes to {} ({}): {}", record, deadLetters.topic(), kind.label(), reason);
        deadLetters.publish(record.record(), reason).whenComplete((sent, failure) -> step(record, () -> {
            if (failure == null) {
                metrics.deadLettered(kind, sincePolled(record));
                onFinished.accept(record);
                return;
            }
            // The record must not be dropped: retry the publish until Kafka takes it.
            record.failed(false);
            metrics.retried(FailureClass.TRANSIENT);
            Duration delay = backoff.delay(record.failures(), ThreadLocalRandom.current());
            LOG.warn("{} could not be dead-lettered, retrying in {} ms: {}", record, delay.toMillis(), failure.toString());
            later(record, delay, () -> deadLetter(record, kind, reason));
        }));
    }

    private long sincePolled(InFlightRecord<K, V> record) {
        return scheduler.nanoTime() - record.polledAtNanos();
    }

    private void later(InFlightRecord<K, V> record, Duration delay, Runnable action) {
        scheduler.schedule(delay, () -> workers.execute(() -> step(record, action)));
    }

    /**
     * Runs one step of a record under its trace context and with its log fields, unless it was abandoned; a step that
     * throws is a bug. Returns whether it ran.
     */
    @SuppressWarnings("try")   // the scopes are only closed, never read
    private boolean step(InFlightRecord<K, V> record, Runnable action) {
        if (record.isAbandoned()) {
            return false;
        }
        try (Scope ignored = record.context().makeCurrent();
             LogFields.Restore fields = LogFields.put(record.logFields(handler))) {
            action.run();
        } catch (RuntimeException e) {
            onBug.accept(e);
        }
        return true;
    }

    private static String messageOf(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "...";
    }
}
