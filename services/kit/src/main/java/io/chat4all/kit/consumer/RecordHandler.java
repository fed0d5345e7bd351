package io.chat4all.kit.consumer;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a service does with one record. It may be called again for the same record (a retry, or a redelivery after a
 * crash or a rebalance), so its effect must be idempotent. Each attempt runs under its own span, a child of the
 * record's trace context, with the record's log fields in the MDC; work it continues on other threads must bring
 * both along itself ({@code CapturedContext}).
 */
@FunctionalInterface
public interface RecordHandler<K, V> {
    /**
     * Starts handling the record; the stage completes when the work is durable. A failure, thrown or in the stage, is
     * sorted by the loop's {@link FailureClassifier}.
     *
     * @param attempt 1 for the first attempt at this record in this consumer, then 2, 3, ...
     */
    CompletionStage<Void> handle(ConsumerRecord<K, V> record, int attempt) throws Exception;

    /**
     * The log fields of the record (e.g. {@code message_id}, see {@code LogFields}), which the loop puts into the MDC
     * for every step of the record: its attempts, and its retry and dead-letter log lines. Asked once per record; a
     * record it cannot read should get none (the handler then tells why). None by default.
     */
    default Map<String, String> logFields(ConsumerRecord<K, V> record) {
        return Map.of();
    }
}
