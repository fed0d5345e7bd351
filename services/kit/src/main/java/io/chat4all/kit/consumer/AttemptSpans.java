package io.chat4all.kit.consumer;

import java.time.Duration;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One span per attempt at a record, {@code handle <topic>}, a child of the context the record was polled in (the
 * tracing agent's {@code <topic> process} span, itself a child of the producer's span). What the handler does in the
 * attempt (queries, sends, HTTP calls) nests under it, and the verdict on a failed attempt goes on it as an event:
 * {@code retry} (with the failure's class, the attempt and the delay before the next) or {@code dead_letter} (with
 * the dead-letter topic). Attributes follow the messaging semantic conventions where they have a name.
 */
final class AttemptSpans {
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("chat4all.attempt");
    static final AttributeKey<String> FAILURE_CLASS = AttributeKey.stringKey("chat4all.failure.class");
    static final AttributeKey<Long> DELAY_MS = AttributeKey.longKey("chat4all.retry.delay_ms");
    static final AttributeKey<String> DEAD_LETTER_TOPIC = AttributeKey.stringKey("chat4all.dead_letter.topic");
    static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    private static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");

    private final Tracer tracer;
    private final String group;
    private final String deadLetterTopic;

    AttemptSpans(Tracer tracer, String group, String deadLetterTopic) {
        this.tracer = tracer;
        this.group = group;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** Starts the span of attempt {@code attempt} (1 for the first) under the current context, the record's. */
    Span start(ConsumerRecord<?, ?> record, int attempt) {
        return tracer.spanBuilder("handle " + record.topic())
                .setParent(Context.current())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(DESTINATION, record.topic())
                .setAttribute(PARTITION, Integer.toString(record.partition()))
                .setAttribute(OFFSET, record.offset())
                .setAttribute(GROUP, group)
                .setAttribute(ATTEMPT, (long) attempt)
                .startSpan();
    }

    /** The attempt failed and the record is tried again after {@code delay}. Ends the span. */
    void retried(Span span, Throwable cause, FailureClass kind, Duration delay) {
        failed(span, cause);
        span.addEvent("retry", Attributes.of(FAILURE_CLASS, kind.label(), DELAY_MS, delay.toMillis(),
                EXCEPTION_TYPE, cause.getClass().getName()));
        span.end();
    }

    /** The attempt failed and the record goes to the dead-letter topic. Ends the span. */
    void deadLettered(Span span, Throwable cause, FailureClass kind) {
        failed(span, cause);
        span.addEvent("dead_letter", Attributes.of(FAILURE_CLASS, kind.label(), DEAD_LETTER_TOPIC, deadLetterTopic,
                EXCEPTION_TYPE, cause.getClass().getName()));
        span.end();
    }

    /** The record's partition left this consumer while the attempt ran: its outcome no longer matters here. */
    void abandoned(Span span) {
        span.addEvent("abandoned");
        span.end();
    }

    private static void failed(Span span, Throwable cause) {
        span.recordException(cause);
        span.setStatus(StatusCode.ERROR, cause.getClass().getSimpleName());
    }
}
