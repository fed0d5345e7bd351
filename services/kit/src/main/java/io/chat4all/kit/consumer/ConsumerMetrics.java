package io.chat4all.kit.consumer;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;

/**
 * The loop's instruments: stalled partitions and records in flight (gauges), retried attempts and dead-lettered
 * records (counters, by {@link FailureClass}). Every series carries the consumer group, so the connectors' loops in one
 * process stay apart; the {@code reason} attribute has four values at most.
 */
final class ConsumerMetrics implements AutoCloseable {
    static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

    private final ObservableLongGauge stalledPartitions;
    private final ObservableLongGauge inFlight;
    private final LongCounter retries;
    private final LongCounter deadLetters;
    private final Map<FailureClass, Attributes> byReason = new EnumMap<>(FailureClass.class);

    ConsumerMetrics(Meter meter, String group, IntSupplier stalled, IntSupplier unfinished) {
        Attributes groupOnly = Attributes.of(GROUP, group);
        for (FailureClass kind : FailureClass.values()) {
            byReason.put(kind, Attributes.of(GROUP, group, REASON, kind.label()));
        }
        stalledPartitions = meter.gaugeBuilder("chat4all.consumer.stalled_partitions").ofLongs()
                .setUnit("{partition}")
                .setDescription("Partitions whose oldest unfinished record has waited longer than the stall threshold")
                .buildWithCallback(gauge -> gauge.record(stalled.getAsInt(), groupOnly));
        inFlight = meter.gaugeBuilder("chat4all.consumer.records_in_flight").ofLongs()
                .setUnit("{record}")
                .setDescription("Records polled and not yet handled or dead-lettered")
                .buildWithCallback(gauge -> gauge.record(unfinished.getAsInt(), groupOnly));
        retries = meter.counterBuilder("chat4all.consumer.retries")
                .setUnit("{attempt}")
                .setDescription("Attempts at a record (or its dead-lettering) that failed and will be retried")
                .build();
        deadLetters = meter.counterBuilder("chat4all.consumer.dead_lettered")
                .setUnit("{record}")
                .setDescription("Records sent to the dead-letter topic, by the class of their failure")
                .build();
    }

    void retried(FailureClass kind) {
        retries.add(1, byReason.get(kind));
    }

    void deadLettered(FailureClass kind) {
        deadLetters.add(1, byReason.get(kind));
    }

    @Override
    public void close() {
        stalledPartitions.close();
        inFlight.close();
    }
}
