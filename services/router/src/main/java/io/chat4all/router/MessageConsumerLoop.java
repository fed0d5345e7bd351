package io.chat4all.router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.chat4all.common.Topics;
import io.helidon.config.Config;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's worker: polls {@code messages}, processes every record of the batch, waits until all of them are
 * stored (or dead-lettered) and only then commits the batch's offsets. Delivery is at-least-once; storage is
 * idempotent, so each message_id ends up stored exactly once.
 *
 * <p>Failed writes are retried with backoff for as long as the loop runs: no record is skipped and no offset is
 * committed past a record that is not stored. Meanwhile the assignment is paused and polled, so the consumer stays in
 * its group; partitions revoked meanwhile are committed up to what was stored and left to their new owner.
 */
public final class MessageConsumerLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(MessageConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    /** While a batch is retried: one ERROR when the retries start, then one WARN every this many attempts. */
    private static final int WARN_EVERY_ATTEMPTS = 10;

    private final Consumer<String, byte[]> consumer;
    private final RecordProcessor processor;
    private final Backoff backoff;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean polled;

    // Touched by the loop thread only: the rebalance listener runs inside poll(), on that thread.
    private BatchProgress batch;
    private boolean retrying;

    public MessageConsumerLoop(Consumer<String, byte[]> consumer, RecordProcessor processor, Backoff backoff) {
        this.consumer = consumer;
        this.processor = processor;
        this.backoff = backoff;
    }

    /** A loop over a new consumer configured from {@code kafka.*} and {@code router.*}. */
    public static MessageConsumerLoop create(Config config, RecordProcessor processor) {
        return new MessageConsumerLoop(new KafkaConsumer<>(ConsumerSettings.of(config)), processor,
                Backoff.STORE_RETRY);
    }

    /** Whether the consumer has completed a poll (and so received its first assignment, if Kafka gave one). */
    public boolean hasPolled() {
        return polled;
    }

    /** Asks the loop to finish: it commits what was stored and closes the consumer. Callable from any thread. */
    public void stop() {
        stopRequested.countDown();
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.MESSAGES), new CommitStoredOnRevoke());
            while (!stopping()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
                polled = true;
                if (!records.isEmpty()) {
                    storeAndCommit(records);
                }
            }
        } catch (WakeupException e) {
            // stop() interrupted a blocking consumer call.
        } catch (RuntimeException e) {
            LOG.error("consumer loop failed; the router no longer consumes", e);
        } finally {
            commitStoredAndClose();
        }
    }

    private void storeAndCommit(ConsumerRecords<String, byte[]> records) {
        batch = new BatchProgress();
        List<Attempt> attempts = new ArrayList<>(records.count());
        // One record at a time: the tracing agent makes each record's process span current inside this body.
        for (ConsumerRecord<String, byte[]> record : records) {
            batch.add(record);
            attempts.add(Attempt.start(record, processor::process));
        }
        Throwable failure = settle(attempts);
        if (failure != null) {
            retryUntilStored(failure);
        }
        commit(batch.committableOffsets());
        batch = null;
    }

    /**
     * Retries the batch's failed writes with backoff until all are stored, the loop stops, or a rebalance takes their
     * partitions away. The paused assignment is polled between attempts to stay in the group.
     */
    private void retryUntilStored(Throwable firstFailure) {
        LOG.error("{} records of the batch not stored; retrying until they are, their offsets stay uncommitted",
                batch.unstoredCount(), firstFailure);
        retrying = true;
        consumer.pause(consumer.assignment());
        try {
            int attempt = 0;
            while (!batch.isComplete()) {
                attempt++;
                if (!awaitBackoff(backoff.delay(attempt))) {
                    return;
                }
                keepGroupMembership();
                Throwable failure = settle(retryUnstored());
                if (failure != null && attempt % WARN_EVERY_ATTEMPTS == 0) {
                    LOG.warn("{} records still not stored after {} retries: {}",
                            batch.unstoredCount(), attempt, failure.toString());
                }
            }
            LOG.info("retries over after {} attempts: the batch's records still assigned here are stored", attempt);
        } finally {
            retrying = false;
            consumer.resume(consumer.assignment());
        }
    }

    private List<Attempt> retryUnstored() {
        return batch.unstored().stream().map(record -> Attempt.start(record, processor::retry)).toList();
    }

    /** Waits for every attempt and marks the stored records; returns the first failure, or null if there was none. */
    private Throwable settle(List<Attempt> attempts) {
        Throwable firstFailure = null;
        for (Attempt attempt : attempts) {
            Throwable failure = attempt.outcome().join();
            if (failure == null) {
                batch.markStored(attempt.record());
            } else if (firstFailure == null) {
                firstFailure = failure;
            }
        }
        return firstFailure;
    }

    /**
     * Polls the paused assignment: keeps the consumer in its group and runs rebalance callbacks. Paused partitions
     * return no records; should any arrive anyway, seek back to them so that none is skipped.
     */
    private void keepGroupMembership() {
        ConsumerRecords<String, byte[]> unexpected = consumer.poll(Duration.ZERO);
        for (TopicPartition partition : unexpected.partitions()) {
            consumer.seek(partition, unexpected.records(partition).get(0).offset());
        }
    }

    /** Sleeps for the delay unless stop() comes first; false when the loop should stop. */
    private boolean awaitBackoff(Duration delay) {
        try {
            return !stopRequested.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            try {
                consumer.commitSync(offsets);
            } catch (WakeupException e) {
                // A stop() raced with this commit. Its wakeup is spent now: commit anyway; the loop sees the stop flag.
                consumer.commitSync(offsets);
            }
        } catch (CommitFailedException | RebalanceInProgressException | TimeoutException e) {
            // Safe: these records come again, and storing them again rewrites the same rows.
            LOG.warn("commit of {} failed, those records will be delivered again: {}", offsets, e.toString());
        }
    }

    private void commitStoredAndClose() {
        try {
            if (batch != null) {
                // A stop or a failure cut the batch short: keep what was stored.
                commit(batch.committableOffsets());
                batch = null;
            }
        } catch (RuntimeException e) {
            LOG.warn("could not commit the stored part of the last batch; it will be delivered again", e);
        } finally {
            consumer.close();
            LOG.info("consumer closed");
        }
    }

    private boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    /** Commits what was stored before partitions leave; holds new partitions back while a batch is retried. */
    private final class CommitStoredOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (batch != null) {
                commit(batch.committableOffsets(partitions));
                batch.abandon(partitions);
                LOG.info("partitions {} revoked during a retried batch; their new owner resumes after what was stored",
                        partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another consumer may own them already, so no commit: it resumes from the last committed offset.
            if (batch != null) {
                batch.abandon(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (retrying) {
                consumer.pause(partitions);
            }
        }
    }

    /** One write in flight; its outcome is the failure, or null once the record is stored (or dead-lettered). */
    private record Attempt(ConsumerRecord<String, byte[]> record, CompletableFuture<Throwable> outcome) {
        static Attempt start(ConsumerRecord<String, byte[]> record,
                             Function<ConsumerRecord<String, byte[]>, CompletionStage<Void>> write) {
            CompletableFuture<Throwable> outcome = write.apply(record)
                    .handle((stored, failure) -> unwrap(failure))
                    .toCompletableFuture();
            return new Attempt(record, outcome);
        }

        private static Throwable unwrap(Throwable failure) {
            return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        }
    }
}
