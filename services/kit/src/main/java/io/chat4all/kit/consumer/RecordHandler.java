package io.chat4all.kit.consumer;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a service does with one record: read it (decode it) once, then attempt to handle what it read. An attempt may
 * run again for the same record (a retry), and a record may come again (a redelivery after a crash or a rebalance),
 * so the effect must be idempotent. Each attempt runs under its own span, a child of the record's trace context, with
 * the record's log fields in the MDC; work it continues on other threads must bring both along itself
 * ({@code CapturedContext}).
 */
@FunctionalInterface
public interface RecordHandler<K, V> {
    /**
     * Reads the record into its {@link Handling}; asked once per record, before its first step, so the record is
     * decoded once however often it is attempted. A record that cannot be read throws here, and its attempts throw
     * the same (it is read again for each), sorted by the loop's {@link FailureClassifier}: an undecodable one is
     * dead-lettered at once. It should not do the work: that is the attempt's, under the attempt's span.
     */
    Handling read(ConsumerRecord<K, V> record) throws Exception;

    /**
     * A read record: its log fields (e.g. {@code message_id}, see {@code LogFields}), which the loop puts into the MDC
     * for every step of the record (its attempts, and its retry and dead-letter log lines), and what each attempt does.
     */
    record Handling(Map<String, String> logFields, Attempt attempt) {
        public Handling {
            logFields = Map.copyOf(logFields);
            Objects.requireNonNull(attempt, "attempt");
        }

        /** A record without log fields. */
        public static Handling of(Attempt attempt) {
            return new Handling(Map.of(), attempt);
        }
    }

    /** One attempt at a read record. */
    @FunctionalInterface
    interface Attempt {
        /**
         * Starts the attempt; the stage completes when the work is durable. A failure, thrown or in the stage, is
         * sorted by the loop's {@link FailureClassifier}.
         *
         * @param attempt 1 for the first attempt at this record in this consumer, then 2, 3, ...
         */
        CompletionStage<Void> run(int attempt) throws Exception;
    }
}
