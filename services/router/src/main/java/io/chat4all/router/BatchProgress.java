package io.chat4all.router;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which records of one polled batch are stored, and so which offsets may be committed: per partition, only up to
 * the first record that is not stored yet, so a commit never passes an unstored record.
 *
 * <p>Not thread-safe: the consumer loop (and its rebalance listener, which runs inside {@code poll}) owns it.
 */
final class BatchProgress {
    private final Map<TopicPartition, PartitionProgress> partitions = new LinkedHashMap<>();

    /** Adds a polled record; records of a partition arrive in offset order. */
    void add(ConsumerRecord<String, byte[]> record) {
        partitions.computeIfAbsent(partitionOf(record), tp -> new PartitionProgress(record.offset()))
                .add(record);
    }

    void markStored(ConsumerRecord<String, byte[]> record) {
        PartitionProgress partition = partitions.get(partitionOf(record));
        if (partition != null) {
            partition.unstored.remove(record.offset());
        }
    }

    /** Forgets partitions this consumer no longer owns: their new owner resumes from the committed offset. */
    void abandon(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    /** The records still to store, in offset order within each partition. */
    List<ConsumerRecord<String, byte[]>> unstored() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        partitions.values().forEach(partition -> records.addAll(partition.unstored.values()));
        return records;
    }

    int unstoredCount() {
        return partitions.values().stream().mapToInt(partition -> partition.unstored.size()).sum();
    }

    boolean isComplete() {
        return partitions.values().stream().allMatch(partition -> partition.unstored.isEmpty());
    }

    /** Offsets to commit for every partition of the batch that has progressed. */
    Map<TopicPartition, OffsetAndMetadata> committableOffsets() {
        return committableOffsets(partitions.keySet());
    }

    /** Offsets to commit for those of {@code among} that are in the batch and have progressed. */
    Map<TopicPartition, OffsetAndMetadata> committableOffsets(Collection<TopicPartition> among) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        partitions.forEach((tp, partition) -> {
            long next = partition.nextToConsume();
            if (among.contains(tp) && next > partition.firstOffset) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
        });
        return offsets;
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    private static final class PartitionProgress {
        private final long firstOffset;
        private final TreeMap<Long, ConsumerRecord<String, byte[]>> unstored = new TreeMap<>();
        private long endOffset;

        private PartitionProgress(long firstOffset) {
            this.firstOffset = firstOffset;
            this.endOffset = firstOffset;
        }

        private void add(ConsumerRecord<String, byte[]> record) {
            unstored.put(record.offset(), record);
            endOffset = record.offset() + 1;
        }

        /** The first offset not stored, or the end of the batch when all are: what a restart must read next. */
        private long nextToConsume() {
            return unstored.isEmpty() ? endOffset : unstored.firstKey();
        }
    }
}
