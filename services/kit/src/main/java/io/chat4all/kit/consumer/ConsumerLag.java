package io.chat4all.kit.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the group is behind on each partition this consumer holds: log-end offset minus committed offset (what a new
 * owner would still have to consume), not minus the fetch position as the client's own {@code records-lag}. The loop
 * thread reads the offsets from Kafka, since the consumer is not thread-safe, at most every {@link #REFRESH} and on
 * the first turn after an assignment; the metric callback reads the last result from any thread. Partitions that
 * leave (revoked or lost) leave the result at once, so a partition is only ever reported by its current owner.
 */
final class ConsumerLag {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLag.class);
    static final Duration REFRESH = Duration.ofSeconds(5);
    /** Bounds each offset request, so a broker in trouble holds up the loop briefly, never for the API timeout. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private volatile Map<TopicPartition, Long> lags = Map.of();
    // Loop thread only.
    private boolean due = true;
    private long refreshedAtNanos;
    private boolean failing;

    /** The last lag read per held partition. */
    Map<TopicPartition, Long> current() {
        return lags;
    }

    /** Reads the offsets again if {@link #REFRESH} has passed or partitions were assigned since the last read. */
    void refreshIfDue(Consumer<?, ?> consumer, long nowNanos) {
        if (!due && nowNanos - refreshedAtNanos < REFRESH.toNanos()) {
            return;
        }
        due = false;
        refreshedAtNanos = nowNanos;
        try {
            lags = read(consumer);
            if (failing) {
                LOG.info("consumer lag readable again");
                failing = false;
            }
        } catch (WakeupException | InterruptException e) {
            throw e;   // stop() or fail(): the loop ends
        } catch (KafkaException e) {
            // The last values stay until the next read: a gap in a metric must not stop consuming.
            if (!failing) {
                LOG.warn("could not read the consumer lag; retried every {}: {}", REFRESH, e.toString());
                failing = true;
            }
        }
    }

    /** New partitions: read their lag on the loop's next turn. */
    void assigned() {
        due = true;
    }

    /** Partitions that left: no longer reported by this consumer. */
    void forget(Collection<TopicPartition> gone) {
        Map<TopicPartition, Long> kept = new HashMap<>(lags);
        kept.keySet().removeAll(gone);
        lags = Map.copyOf(kept);
    }

    private static Map<TopicPartition, Long> read(Consumer<?, ?> consumer) {
        Set<TopicPartition> held = consumer.assignment();
        if (held.isEmpty()) {
            return Map.of();
        }
        // Committed before end: the end read later is at least as far, so the difference is never understated.
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(held, REQUEST_TIMEOUT);
        Map<TopicPartition, Long> ends = consumer.endOffsets(held, REQUEST_TIMEOUT);
        // A partition the group never committed is consumed from its beginning (auto.offset.reset=earliest).
        List<TopicPartition> neverCommitted = held.stream().filter(tp -> committed.get(tp) == null).toList();
        Map<TopicPartition, Long> beginnings = neverCommitted.isEmpty() ? Map.of()
                : consumer.beginningOffsets(neverCommitted, REQUEST_TIMEOUT);
        Map<TopicPartition, Long> read = new HashMap<>();
        for (TopicPartition tp : held) {
            OffsetAndMetadata done = committed.get(tp);
            Long from = done != null ? Long.valueOf(done.offset()) : beginnings.get(tp);
            Long end = ends.get(tp);
            if (from != null && end != null) {
                read.put(tp, Math.max(0, end - from));
            }
        }
        return Map.copyOf(read);
    }
}
