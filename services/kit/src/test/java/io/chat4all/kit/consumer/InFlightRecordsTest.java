package io.chat4all.kit.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.opentelemetry.context.Context;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightRecordsTest {
    private static final TopicPartition P0 = new TopicPartition("messages", 0);

    private final InFlightRecords<byte[], String> inFlight = new InFlightRecords<>();

    @Test
    void arrayKeysShareALaneWhenTheirBytesAreEqual() {
        InFlightRecord<byte[], String> first = record(10, new byte[] {1, 2});
        InFlightRecord<byte[], String> sameKey = record(11, new byte[] {1, 2});
        InFlightRecord<byte[], String> otherKey = record(12, new byte[] {3});

        assertEquals(List.of(first, otherKey), inFlight.add(List.of(first, sameKey, otherKey)));
        assertEquals(sameKey, inFlight.finish(first).orElseThrow());
    }

    @Test
    void recordsWithoutKeyKeepTheirPartitionOrder() {
        InFlightRecord<byte[], String> first = record(0, null);
        InFlightRecord<byte[], String> second = record(1, null);

        assertEquals(List.of(first), inFlight.add(List.of(first, second)));
        assertEquals(second, inFlight.finish(first).orElseThrow());
    }

    @Test
    void offsetsDeliveredAgainWithoutARebalanceAreNotAddedTwice() {
        InFlightRecord<byte[], String> original = record(5, new byte[] {1});
        inFlight.add(List.of(original));

        assertEquals(List.of(), inFlight.add(List.of(record(5, new byte[] {1}))));
        assertEquals(1, inFlight.size());
        inFlight.finish(original);
        assertEquals(Map.of(P0, new OffsetAndMetadata(6)), inFlight.uncommitted());
    }

    @Test
    void committedOffsetsAreNotOfferedAgain() {
        InFlightRecord<byte[], String> record = record(0, new byte[] {1});
        inFlight.add(List.of(record));
        inFlight.finish(record);
        inFlight.committed(inFlight.uncommitted());

        assertEquals(Map.of(), inFlight.uncommitted());
    }

    @Test
    void abandonedRecordsAreMarkedAndFinishingThemChangesNothing() {
        InFlightRecord<byte[], String> running = record(0, new byte[] {1});
        InFlightRecord<byte[], String> waiting = record(1, new byte[] {1});
        inFlight.add(List.of(running, waiting));

        assertEquals(2, inFlight.abandon(List.of(P0)));

        assertTrue(running.isAbandoned() && waiting.isAbandoned());
        assertTrue(inFlight.finish(running).isEmpty());
        assertEquals(0, inFlight.size());
        assertEquals(Map.of(), inFlight.uncommitted());
    }

    @Test
    void stallIsMeasuredFromTheOldestUnfinishedRecord() {
        InFlightRecord<byte[], String> old = new InFlightRecord<>(consumerRecord(0, new byte[] {1}), Context.root(), 0);
        InFlightRecord<byte[], String> young = new InFlightRecord<>(consumerRecord(1, new byte[] {2}), Context.root(),
                Duration.ofSeconds(20).toNanos());
        inFlight.add(List.of(old, young));
        long now = Duration.ofSeconds(31).toNanos();

        assertEquals(List.of(P0), List.copyOf(inFlight.stalled(now, Duration.ofSeconds(30))));
        inFlight.finish(old);
        assertEquals(List.of(), List.copyOf(inFlight.stalled(now, Duration.ofSeconds(30))));
    }

    private static InFlightRecord<byte[], String> record(long offset, byte[] key) {
        return new InFlightRecord<>(consumerRecord(offset, key), Context.root(), 0);
    }

    private static ConsumerRecord<byte[], String> consumerRecord(long offset, byte[] key) {
        return new ConsumerRecord<>(P0.topic(), P0.partition(), offset, key, "value");
    }
}
