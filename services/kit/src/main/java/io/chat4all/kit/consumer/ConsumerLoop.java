package io.chat4all.kit.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * A Kafka consumer that no single record can stop. It polls its topics and hands every record to a
 * {@link RecordHandler}, one record at a time per key (so records of one key are handled in offset order) while
 * records of other keys go ahead. A failure is sorted by a {@link FailureClassifier}: transient ones are retried with
 * backoff for as long as it takes, holding back only the records of the same key; permanent and unknown ones go to
 * the dead-letter topic after {@link ConsumerSettings#maxAttempts()} attempts, invalid records at once.
 *
 * <p>Offsets are committed per partition up to the first unfinished record, never past it, at most once per
 * {@link ConsumerSettings#commitInterval()} (and whenever partitions are revoked or the loop closes). Delivery is at least once,
 * so handlers must be idempotent. Beyond {@link ConsumerSettings#maxInFlight()} unfinished records the loop pauses
 * fetching but keeps polling, to stay in its group; it does the same while a service holds fetching
 * ({@link #holdFetching}), e.g. while what its handler calls is down. A partition whose oldest unfinished record waits longer than
 * {@link ConsumerSettings#stallThreshold()} is reported by {@link #stalledPartitions()} and a metric.
 *
 * <p>{@link #run()} returns after {@link #stop()}, and throws when the loop fails (a fatal Kafka error, or a bug): the
 * caller should then end the process rather than keep it up without a consumer.
 */
public final class ConsumerLoop<K, V> implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    /** Also how late, at most, finished records are committed and stalls are noticed while nothing arrives. */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final String TRACER_NAME = "io.chat4all.kit.consumer";

    private final Consumer<K, V> consumer;
    private final List<String> topics;
    private final ConsumerSettings settings;
    private final Scheduler scheduler;
    private final InFlightRecords<K, V> inFlight = new InFlightRecords<>();
    private final ConsumerLag lag = new ConsumerLag();
    private final ConsumerMetrics metrics;
    private final RecordRunner<K, V> runner;
    private final AtomicReference<Throwable> bug = new AtomicReference<>();
    private volatile boolean stopRequested;
    private volatile boolean polled;
    /** Why the service holds fetching, or null while it does not; applied by the loop thread on its next turn. */
    private volatile String holdReason;

    // Touched by the loop thread only: the rebalance listener runs inside poll(), on that thread.
    private boolean paused;
    private boolean heldApplied;
    /** When the next commit is due ({@link Scheduler#nanoTime()}); the first turn commits. */
    private long nextCommitNanos = Long.MIN_VALUE;
    private Set<TopicPartition> reportedStalls = Set.of();

    private ConsumerLoop(Builder<K, V> builder) {
        this.consumer = Objects.requireNonNull(builder.consumer, "consumer");
        this.topics = List.copyOf(builder.topics);
        this.settings = Objects.requireNonNull(builder.settings, "settings");
        this.scheduler = builder.scheduler != null ? builder.scheduler : Scheduler.system("consumer-retries");
        Executor workers = builder.workers != null ? builder.workers
                : Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("consumer-worker-", 0).factory());
        this.metrics = new ConsumerMetrics(Objects.requireNonNull(builder.meter, "meter"), settings.group(),
                () -> stalledPartitions().size(), inFlight::size, lag::current);
        this.runner = new RecordRunner<>(Objects.requireNonNull(builder.handler, "handler"),
                Objects.requireNonNull(builder.deadLetters, "deadLetters"),
                Objects.requireNonNull(builder.classifier, "classifier"), settings, scheduler, workers, metrics,
                builder.tracer != null ? builder.tracer : GlobalOpenTelemetry.getTracer(TRACER_NAME),
                this::finished, this::fail);
    }

    public static <K, V> Builder<K, V> builder() {
        return new Builder<>();
    }

    /** Whether the consumer has completed a poll (and so received its first assignment, if Kafka gave one). */
    public boolean hasPolled() {
        return polled;
    }

    /** Partitions whose oldest unfinished record has waited longer than the stall threshold, in order. */
    public SortedSet<TopicPartition> stalledPartitions() {
        return inFlight.stalled(scheduler.nanoTime(), settings.stallThreshold());
    }

    /**
     * Stops fetching new records until {@link #releaseFetching()}, from the loop's next turn on (at most a poll
     * timeout away; the poll that follows returns nothing). Records already polled go on: they are retried, finished
     * and committed as usual, and the consumer keeps polling to stay in its group. Callable from any thread; holding
     * again only replaces the reason.
     */
    public void holdFetching(String reason) {
        holdReason = Objects.requireNonNull(reason, "reason");
    }

    /** Fetches again, unless the in-flight bound still says no. Callable from any thread. */
    public void releaseFetching() {
        holdReason = null;
    }

    /** Whether the service holds fetching now ({@link #holdFetching}). */
    public boolean isFetchingHeld() {
        return holdReason != null;
    }

    /** Asks the loop to finish: it commits what is finished, abandons the rest and closes. Callable from any thread. */
    public void stop() {
        stopRequested = true;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            subscribe();
            while (!stopRequested) {
                pollOnce();
            }
        } catch (WakeupException e) {
            // stop() or fail() interrupted a blocking call; a failure is thrown below.
        } finally {
            close();
        }
        throwIfFailed();
    }

    void subscribe() {
        consumer.subscribe(topics, new CommitFinishedOnRevoke());
    }

    /**
     * One turn of the loop: poll, start what may start, commit what finished, read the lag when due, pause or resume,
     * report stalls.
     */
    void pollOnce() {
        throwIfFailed();
        pauseOrResume();   // before the poll, so that a hold asked for meanwhile already applies to it
        ConsumerRecords<K, V> records = consumer.poll(POLL_TIMEOUT);
        polled = true;
        long now = scheduler.nanoTime();
        for (TopicPartition tp : records.partitions()) {
            metrics.consumed(tp, records.records(tp).size());
        }
        List<InFlightRecord<K, V>> batch = new ArrayList<>(records.count());
        // One record at a time: the tracing agent makes each record's process span current inside this body, and
        // every attempt at the record later runs under the context captured here.
        for (ConsumerRecord<K, V> record : records) {
            batch.add(new InFlightRecord<>(record, Context.current(), now));
        }
        inFlight.add(batch).forEach(runner::start);
        if (now >= nextCommitNanos) {
            commit(inFlight.uncommitted());
            nextCommitNanos = now + settings.commitInterval().toNanos();
        }
        lag.refreshIfDue(consumer, scheduler.nanoTime());   // after the commit, which it then already counts
        pauseOrResume();
        reportStalls();
    }

    /** Records of this loop that are polled and not finished: running, waiting for a retry or behind their key. */
    int inFlight() {
        return inFlight.size();
    }

    private void finished(InFlightRecord<K, V> record) {
        inFlight.finish(record).ifPresent(runner::start);
    }

    /** A bug in a record's callbacks: the loop cannot trust its state any more, so it ends and {@link #run()} throws. */
    private void fail(Throwable failure) {
        if (bug.compareAndSet(null, failure)) {
            consumer.wakeup();
        }
    }

    private void throwIfFailed() {
        Throwable failure = bug.get();
        if (failure != null) {
            throw new IllegalStateException("the consumer loop failed while handling a record", failure);
        }
    }

    /**
     * Beyond the in-flight bound, or while the service holds fetching, stop fetching (poll still runs, so the consumer
     * stays in its group).
     */
    private void pauseOrResume() {
        String held = holdReason;
        if (held != null != heldApplied) {
            heldApplied = held != null;
            if (heldApplied) {
                LOG.info("fetching held ({}); the {} records in flight go on", held, inFlight.size());
            } else {
                LOG.info("fetching released; {} records in flight", inFlight.size());
            }
        }
        boolean full = inFlight.size() >= settings.maxInFlight();
        boolean pause = full || heldApplied;
        if (pause == paused) {
            return;
        }
        if (pause) {
            consumer.pause(consumer.assignment());
        } else {
            consumer.resume(consumer.assignment());
        }
        paused = pause;
        LOG.debug("{} fetching: {} records in flight, bound {}, held {}", pause ? "paused" : "resumed", inFlight.size(),
                settings.maxInFlight(), heldApplied);
    }

    private void reportStalls() {
        Set<TopicPartition> stalled = stalledPartitions();
        if (stalled.equals(reportedStalls)) {
            return;
        }
        List<TopicPartition> started = stalled.stream().filter(tp -> !reportedStalls.contains(tp)).toList();
        List<TopicPartition> ended = reportedStalls.stream().filter(tp -> !stalled.contains(tp)).toList();
        if (!started.isEmpty()) {
            LOG.warn("partitions {} stalled: their oldest unfinished record has waited over {} (see its failures above)",
                    started, settings.stallThreshold());
        }
        if (!ended.isEmpty()) {
            LOG.info("partitions {} progress again", ended);
        }
        reportedStalls = stalled;
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            try {
                consumer.commitSync(offsets);
            } catch (WakeupException e) {
                // stop() or fail() raced with this commit. Its wakeup is spent now: commit anyway; the loop checks both.
                consumer.commitSync(offsets);
            }
            inFlight.committed(offsets);
        } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
            // Safe: the next turn commits again, or these records come again and handlers are idempotent.
            LOG.warn("commit of {} failed; it is tried again: {}", offsets, e.toString());
        }
    }

    private void close() {
        try {
            commit(inFlight.uncommitted());
        } catch (RuntimeException e) {
            LOG.warn("could not commit the finished records; they will be delivered again", e);
        } finally {
            int abandoned = inFlight.abandonAll();
            metrics.close();
            scheduler.close();
            try {
                consumer.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the consumer failed", e);
            }
            LOG.info("consumer closed; {} unfinished records left to the partitions' next owners", abandoned);
        }
    }

    /**
     * Commits what is finished before partitions leave, and abandons the rest to their new owner. Each assignment,
     * revocation and loss is one log line with structured fields ({@code event}: partitions_assigned,
     * partitions_revoked or partitions_lost; {@code partitions}, {@code group}, {@code member_id}), so one query over
     * every instance's logs shows who held which partition when.
     */
    private final class CommitFinishedOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit(inFlight.uncommitted(partitions));
            lag.forget(partitions);
            int abandoned = inFlight.abandon(partitions);
            LOG.info("{} revoked from {} ({}); {} unfinished records left to their new owner",
                    kv("partitions", names(partitions)), kv("group", settings.group()), kv("member_id", memberId()),
                    kv("abandoned", abandoned), kv("event", "partitions_revoked"));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another consumer may own them already, so no commit: it resumes from the last committed offset.
            lag.forget(partitions);
            int abandoned = inFlight.abandon(partitions);
            LOG.warn("{} lost by {} ({}); {} unfinished records left to their new owner",
                    kv("partitions", names(partitions)), kv("group", settings.group()), kv("member_id", memberId()),
                    kv("abandoned", abandoned), kv("event", "partitions_lost"));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            lag.assigned();
            if (paused) {
                consumer.pause(partitions);
            }
            LOG.info("{} assigned to {} ({})", kv("partitions", names(partitions)),
                    kv("group", settings.group()), kv("member_id", memberId()), kv("event", "partitions_assigned"));
        }

        /** "topic-partition" names in order, e.g. [messages-0, messages-3]. */
        private List<String> names(Collection<TopicPartition> partitions) {
            return partitions.stream().sorted(Comparator.comparing(TopicPartition::topic)
                    .thenComparingInt(TopicPartition::partition)).map(TopicPartition::toString).toList();
        }

        /** This member's id in the group, as the coordinator gave it; empty if the consumer cannot tell. */
        private String memberId() {
            try {
                return consumer.groupMetadata().memberId();
            } catch (RuntimeException e) {
                return "";
            }
        }
    }

    /** The parts of a loop; consumer, topics, handler, dead letters, classifier, settings and meter are required. */
    public static final class Builder<K, V> {
        private Consumer<K, V> consumer;
        private List<String> topics = List.of();
        private RecordHandler<K, V> handler;
        private DeadLetterPublisher<K, V> deadLetters;
        private FailureClassifier classifier;
        private ConsumerSettings settings;
        private Meter meter;
        private Scheduler scheduler;
        private Executor workers;
        private Tracer tracer;

        private Builder() {
        }

        /** The consumer, not yet subscribed; the loop subscribes it, owns it and closes it. */
        public Builder<K, V> consumer(Consumer<K, V> consumer) {
            this.consumer = consumer;
            return this;
        }

        public Builder<K, V> topics(List<String> topics) {
            this.topics = topics;
            return this;
        }

        public Builder<K, V> handler(RecordHandler<K, V> handler) {
            this.handler = handler;
            return this;
        }

        /** Where records that cannot be handled go; the caller closes it after the loop ended. */
        public Builder<K, V> deadLetters(DeadLetterPublisher<K, V> deadLetters) {
            this.deadLetters = deadLetters;
            return this;
        }

        public Builder<K, V> classifier(FailureClassifier classifier) {
            this.classifier = classifier;
            return this;
        }

        public Builder<K, V> settings(ConsumerSettings settings) {
            this.settings = settings;
            return this;
        }

        /** Where the loop's instruments are made (the service's meter). */
        public Builder<K, V> meter(Meter meter) {
            this.meter = meter;
            return this;
        }

        /** Clock and timer of retries and stalls; by default the system's, closed with the loop. */
        public Builder<K, V> scheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** Where attempts run; by default a virtual thread each, so a blocking handler holds up nothing else. */
        public Builder<K, V> workers(Executor workers) {
            this.workers = workers;
            return this;
        }

        /** Where the spans of the attempts at records are made; by default the global (the tracing agent's). */
        public Builder<K, V> tracer(Tracer tracer) {
            this.tracer = tracer;
            return this;
        }

        public ConsumerLoop<K, V> build() {
            return new ConsumerLoop<>(this);
        }
    }
}
