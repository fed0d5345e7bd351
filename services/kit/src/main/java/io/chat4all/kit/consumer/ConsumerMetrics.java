package io.chat4all.kit.consumer;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.chat4all.kit.DurationHistograms;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import org.apache.kafka.common.TopicPartition;

/**
 * The loop's instruments. The specification's, under its names and labels (see docs/metrics.md):
 * {@code messages_consumed{topic,partition}} per polled record, {@code messages_processed{status}} and
 * {@code processing.duration} (s) per finished record, and {@code kafka_consumer_lag{topic,partition}}; each also
 * carries {@code group}, so the several loops of one process stay apart. The loop's own, by
 * {@code messaging.consumer.group.name}: stalled partitions and records in flight (gauges), retried attempts (by
 * {@link FailureClass}). {@code status} is {@code handled} or {@code dead_lettered}, the latter with the
 * {@code reason}; no attribute carries an id, and partitions are bounded by the topics' configuration.
 */
final class ConsumerMetrics implements AutoCloseable {
    static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
    /** The group as the specification's metrics name it. */
    static final AttributeKey<String> SPEC_GROUP = AttributeKey.stringKey("group");
    static final AttributeKey<String> TOPIC = AttributeKey.stringKey("topic");
    static final AttributeKey<Long> PARTITION = AttributeKey.longKey("partition");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
    static final String HANDLED = "handled";
    static final String DEAD_LETTERED = "dead_lettered";

    private final String group;
    private final ObservableLongGauge stalledPartitions;
    private final ObservableLongGauge inFlight;
    private final ObservableLongGauge lag;
    private final LongCounter retries;
    private final LongCounter consumed;
    private final LongCounter processed;
    private final DoubleHistogram processingDuration;
    private final Map<FailureClass, Attributes> byReason = new EnumMap<>(FailureClass.class);
    private final Map<FailureClass, Attributes> deadLetteredBy = new EnumMap<>(FailureClass.class);
    private final Attributes handled;
    private final Attributes deadLettered;

    ConsumerMetrics(Meter meter, String group, IntSupplier stalled, IntSupplier unfinished,
                    Supplier<Map<TopicPartition, Long>> lags) {
        this.group = group;
        Attributes groupOnly = Attributes.of(GROUP, group);
        for (FailureClass kind : FailureClass.values()) {
            byReason.put(kind, Attributes.of(GROUP, group, REASON, kind.label()));
            deadLetteredBy.put(kind, Attributes.of(SPEC_GROUP, group, STATUS, DEAD_LETTERED, REASON, kind.label()));
        }
        handled = Attributes.of(SPEC_GROUP, group, STATUS, HANDLED);
        deadLettered = Attributes.of(SPEC_GROUP, group, STATUS, DEAD_LETTERED);
        stalledPartitions = meter.gaugeBuilder("chat4all.consumer.stalled_partitions").ofLongs()
                .setUnit("{partition}")
                .setDescription("Partitions whose oldest unfinished record has waited longer than the stall threshold")
                .buildWithCallback(gauge -> gauge.record(stalled.getAsInt(), groupOnly));
        inFlight = meter.gaugeBuilder("chat4all.consumer.records_in_flight").ofLongs()
                .setUnit("{record}")
                .setDescription("Records polled and not yet handled or dead-lettered")
                .buildWithCallback(gauge -> gauge.record(unfinished.getAsInt(), groupOnly));
        lag = meter.gaugeBuilder("kafka_consumer_lag").ofLongs()
                .setUnit("{message}")
                .setDescription("Log-end offset minus the group's committed offset, per partition this consumer holds")
                .buildWithCallback(gauge -> lags.get().forEach((tp, value) -> gauge.record(value, partition(tp))));
        retries = meter.counterBuilder("chat4all.consumer.retries")
                .setUnit("{attempt}")
                .setDescription("Attempts at a record (or its dead-lettering) that failed and will be retried")
                .build();
        consumed = meter.counterBuilder("messages_consumed")
                .setUnit("{message}")
                .setDescription("Records returned by poll, per partition")
                .build();
        processed = meter.counterBuilder("messages_processed")
                .setUnit("{message}")
                .setDescription("Records finished: handled, or dead-lettered (with the class of their failure)")
                .build();
        processingDuration = DurationHistograms.seconds(meter, "processing.duration",
                "From the poll that returned a record to its being handled or dead-lettered, retries and waits included");
    }

    void consumed(TopicPartition tp, int records) {
        consumed.add(records, partition(tp));
    }

    void retried(FailureClass kind) {
        retries.add(1, byReason.get(kind));
    }

    /** A record handled, {@code nanos} after it was polled. */
    void handled(long nanos) {
        processed.add(1, handled);
        processingDuration.record(DurationHistograms.seconds(nanos), handled);
    }

    /** A record dead-lettered, {@code nanos} after it was polled. */
    void deadLettered(FailureClass kind, long nanos) {
        processed.add(1, deadLetteredBy.get(kind));
        processingDuration.record(DurationHistograms.seconds(nanos), deadLettered);
    }

    private Attributes partition(TopicPartition tp) {
        return Attributes.of(SPEC_GROUP, group, TOPIC, tp.topic(), PARTITION, (long) tp.partition());
    }

    @Override
    public void close() {
        stalledPartitions.close();
        inFlight.close();
        lag.close();
    }
}
