package io.chat4all.kit.consumer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records polled and not finished yet, per partition. It decides which record may start (the first of its key:
 * records of one key run one at a time, in offset order), which offsets may be committed (per partition, up to the
 * first unfinished record, never past it) and how long the oldest unfinished record of each partition has waited.
 *
 * <p>Thread-safe: the poll thread adds records and commits, handler callbacks on other threads finish records.
 */
final class InFlightRecords<K, V> {
    private static final Comparator<TopicPartition> BY_TOPIC_AND_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Map<TopicPartition, PartitionWork<K, V>> partitions = new HashMap<>();
    private int size;

    /** Takes newly polled records (in poll order) and returns those that may start now: each that heads its lane. */
    synchronized List<InFlightRecord<K, V>> add(List<InFlightRecord<K, V>> polled) {
        List<InFlightRecord<K, V>> startable = new ArrayList<>();
        for (InFlightRecord<K, V> record : polled) {
            PartitionWork<K, V> partition = partitions.computeIfAbsent(record.partition(),
                    tp -> new PartitionWork<>(record.offset()));
            if (record.offset() < partition.end) {
                continue;   // delivered again without a rebalance (a position reset): it is running or finished here
            }
            partition.end = record.offset() + 1;
            partition.unfinished.put(record.offset(), record);
            size++;
            ArrayDeque<InFlightRecord<K, V>> lane = partition.lanes.computeIfAbsent(record.lane(), key -> new ArrayDeque<>());
            lane.addLast(record);
            if (lane.size() == 1) {
                startable.add(record);
            }
        }
        return startable;
    }

    /**
     * Marks a record finished (handled or dead-lettered) and returns the next record of its lane, which may start now.
     * A record abandoned meanwhile changes nothing.
     */
    synchronized Optional<InFlightRecord<K, V>> finish(InFlightRecord<K, V> record) {
        PartitionWork<K, V> partition = partitions.get(record.partition());
        if (partition == null || partition.unfinished.get(record.offset()) != record) {
            return Optional.empty();
        }
        partition.unfinished.remove(record.offset());
        size--;
        ArrayDeque<InFlightRecord<K, V>> lane = partition.lanes.get(record.lane());
        lane.removeFirst();
        if (lane.isEmpty()) {
            partition.lanes.remove(record.lane());
            return Optional.empty();
        }
        return Optional.of(lane.getFirst());
    }

    /** Offsets to commit for the partitions (of {@code among}) whose first unfinished offset moved past the last commit. */
    synchronized Map<TopicPartition, OffsetAndMetadata> uncommitted(Collection<TopicPartition> among) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        partitions.forEach((tp, partition) -> {
            long next = partition.nextToConsume();
            if (next > partition.committed && among.contains(tp)) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
        });
        return offsets;
    }

    /** {@link #uncommitted(Collection)} of every partition with records here. */
    synchronized Map<TopicPartition, OffsetAndMetadata> uncommitted() {
        return uncommitted(partitions.keySet());
    }

    /** Notes offsets Kafka accepted, so that they are not committed again. */
    synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, offset) -> {
            PartitionWork<K, V> partition = partitions.get(tp);
            if (partition != null) {
                partition.committed = Math.max(partition.committed, offset.offset());
            }
        });
    }

    /**
     * Forgets the partitions: their unfinished records are abandoned (no further attempt starts) and left to the
     * partition's next owner, which resumes from the last committed offset. Returns how many were abandoned.
     */
    synchronized int abandon(Collection<TopicPartition> gone) {
        int abandoned = 0;
        for (TopicPartition tp : gone) {
            PartitionWork<K, V> partition = partitions.remove(tp);
            if (partition != null) {
                partition.unfinished.values().forEach(InFlightRecord::abandon);
                abandoned += partition.unfinished.size();
            }
        }
        size -= abandoned;
        return abandoned;
    }

    synchronized int abandonAll() {
        return abandon(List.copyOf(partitions.keySet()));
    }

    /** Records polled and not finished, whether running, waiting for a retry or waiting behind their key. */
    synchronized int size() {
        return size;
    }

    /** The partitions whose oldest unfinished record was polled more than {@code threshold} before {@code nowNanos}. */
    synchronized SortedSet<TopicPartition> stalled(long nowNanos, Duration threshold) {
        SortedSet<TopicPartition> stalled = new TreeSet<>(BY_TOPIC_AND_PARTITION);
        partitions.forEach((tp, partition) -> {
            if (!partition.unfinished.isEmpty()
                    && nowNanos - partition.unfinished.firstEntry().getValue().polledAtNanos() > threshold.toNanos()) {
                stalled.add(tp);
            }
        });
        return stalled;
    }

    private static final class PartitionWork<K, V> {
        private final TreeMap<Long, InFlightRecord<K, V>> unfinished = new TreeMap<>();
        /** Key lanes: the first record of each is running (or waiting for its retry), the others wait behind it. */
        private final Map<Object, ArrayDeque<InFlightRecord<K, V>>> lanes = new HashMap<>();
        /** The offset last committed; at first the offset of the first record polled, where consuming started. */
        private long committed;
        /** The offset after the last record polled. */
        private long end;

        private PartitionWork(long firstOffset) {
            this.committed = firstOffset;
            this.end = firstOffset;
        }

        /** The first offset not finished, or the end when all are: where the partition's next owner must resume. */
        private long nextToConsume() {
            return unfinished.isEmpty() ? end : unfinished.firstKey();
        }
    }
}
