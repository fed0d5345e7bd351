package io.chat4all.router;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchProgressTest {
    private static final TopicPartition P0 = new TopicPartition("messages", 0);
    private static final TopicPartition P1 = new TopicPartition("messages", 1);

    private final ConsumerRecord<String, byte[]> p0at10 = record(P0, 10);
    private final ConsumerRecord<String, byte[]> p0at11 = record(P0, 11);
    // Offsets need not be contiguous (compaction, transaction markers).
    private final ConsumerRecord<String, byte[]> p0at14 = record(P0, 14);
    private final ConsumerRecord<String, byte[]> p1at3 = record(P1, 3);
    private final ConsumerRecord<String, byte[]> p1at4 = record(P1, 4);

    private final BatchProgress batch = new BatchProgress();

    BatchProgressTest() {
        List.of(p0at10, p1at3, p0at11, p1at4, p0at14).forEach(batch::add);
    }

    @Test
    void commitsNothingBeforeAnythingIsStored() {
        assertEquals(Map.of(), batch.committableOffsets());
        assertFalse(batch.isComplete());
        assertEquals(5, batch.unstoredCount());
    }

    @Test
    void commitsPastTheLastRecordOfEachPartitionOnceAllAreStored() {
        List.of(p0at10, p0at11, p0at14, p1at3, p1at4).forEach(batch::markStored);

        assertTrue(batch.isComplete());
        assertEquals(Map.of(P0, new OffsetAndMetadata(15), P1, new OffsetAndMetadata(5)), batch.committableOffsets());
    }

    @Test
    void neverCommitsPastAnUnstoredRecord() {
        // p0: 10 stored, 11 failed, 14 stored. p1: 3 failed, 4 stored.
        List.of(p0at10, p0at14, p1at4).forEach(batch::markStored);

        assertEquals(Map.of(P0, new OffsetAndMetadata(11)), batch.committableOffsets());
        assertEquals(List.of(p0at11, p1at3), batch.unstored());
        assertEquals(2, batch.unstoredCount());
    }

    @Test
    void retriedRecordsMoveTheCommitForward() {
        List.of(p0at10, p0at14, p1at4).forEach(batch::markStored);
        batch.markStored(p0at11);

        assertEquals(Map.of(P0, new OffsetAndMetadata(15)), batch.committableOffsets());
        assertEquals(List.of(p1at3), batch.unstored());
    }

    @Test
    void commitsOnlyTheRequestedPartitionsOnRevoke() {
        List.of(p0at10, p1at3).forEach(batch::markStored);

        assertEquals(Map.of(P1, new OffsetAndMetadata(4)), batch.committableOffsets(List.of(P1)));
        assertEquals(Map.of(), batch.committableOffsets(List.of(new TopicPartition("messages", 7))));
    }

    @Test
    void abandonedPartitionsAreNeitherRetriedNorCommitted() {
        batch.markStored(p0at10);
        batch.abandon(List.of(P0));

        assertEquals(List.of(p1at3, p1at4), batch.unstored());
        assertEquals(Map.of(), batch.committableOffsets());
        batch.markStored(p0at11);   // a late outcome for an abandoned partition changes nothing
        List.of(p1at3, p1at4).forEach(batch::markStored);

        assertTrue(batch.isComplete());
        assertEquals(Map.of(P1, new OffsetAndMetadata(5)), batch.committableOffsets());
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "key", new byte[0]);
    }
}
