package io.chat4all.kit.consumer;

import java.nio.ByteBuffer;
import java.util.Map;

import io.opentelemetry.context.Context;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A polled record on its way to finished (handled or dead-lettered), with the trace context it was polled under and
 * the count of its attempts. Its attempts run one after another, so the counters need no lock; {@code abandoned} is
 * set by the loop thread when the record's partition leaves.
 */
final class InFlightRecord<K, V> {
    private final ConsumerRecord<K, V> record;
    private final Context context;
    private final long polledAtNanos;
    private int attempts;
    private int failures;
    private int countedFailures;
    /** What the handler read of the record, once it could; {@code unreadable} once it could not. */
    private RecordHandler.Handling handling;
    private boolean unreadable;
    private volatile boolean abandoned;

    InFlightRecord(ConsumerRecord<K, V> record, Context context, long polledAtNanos) {
        this.record = record;
        this.context = context;
        this.polledAtNanos = polledAtNanos;
    }

    ConsumerRecord<K, V> record() {
        return record;
    }

    Context context() {
        return context;
    }

    /**
     * The record as the handler read it: read the first time, and again while it cannot be read (the failure is thrown,
     * for the attempt to be classified by it). Its steps run one after another, so no lock is needed.
     */
    RecordHandler.Handling handling(RecordHandler<K, V> handler) throws Exception {
        if (handling == null) {
            handling = handler.read(record);
        }
        return handling;
    }

    /** The record's log fields; none for a record the handler cannot read (its attempt says why). */
    Map<String, String> logFields(RecordHandler<K, V> handler) {
        if (handling == null && !unreadable) {
            try {
                handling(handler);
            } catch (Exception e) {
                unreadable = true;
            }
        }
        return handling != null ? handling.logFields() : Map.of();
    }

    long polledAtNanos() {
        return polledAtNanos;
    }

    TopicPartition partition() {
        return new TopicPartition(record.topic(), record.partition());
    }

    long offset() {
        return record.offset();
    }

    /**
     * What orders records within their partition: those with equal lanes are handled one at a time in offset order.
     * The lane is the key (records without a key share one lane); array keys compare by content.
     */
    Object lane() {
        return record.key() instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : record.key();
    }

    /** Counts an attempt at the handler and returns its number, 1 for the first. */
    int nextAttempt() {
        return ++attempts;
    }

    /** Counts a failure; returns how many failures count toward the dead-letter limit (transient ones do not). */
    int failed(boolean counted) {
        failures++;
        return counted ? ++countedFailures : countedFailures;
    }

    /** All failures so far, each of which lengthens the next backoff. */
    int failures() {
        return failures;
    }

    boolean isAbandoned() {
        return abandoned;
    }

    void abandon() {
        abandoned = true;
    }

    @Override
    public String toString() {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
