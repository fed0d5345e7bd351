package io.chat4all.kit.consumer;

import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a service does with one record. It may be called again for the same record (a retry, or a redelivery after a
 * crash or a rebalance), so its effect must be idempotent. It runs under the record's trace context.
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
}
