package io.chat4all.kit.consumer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.chat4all.kit.KafkaSends;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends records that cannot be handled to a dead-letter topic: original key and value, plus headers saying why and
 * where from.
 */
public final class DeadLetterPublisher<K, V> implements AutoCloseable {
    public static final String REASON = "dlq.reason";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";

    private final Producer<K, V> producer;
    private final String topic;

    public DeadLetterPublisher(Producer<K, V> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Producer settings for a dead-letter producer, added to {@code common} (servers, client id); serializers not included. */
    public static Map<String, Object> producerSettings(Map<String, Object> common) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A failed publish is retried by the consumer loop with backoff: fail within seconds rather than stall for minutes.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return props;
    }

    public String topic() {
        return topic;
    }

    /** Publishes the record; completes when Kafka acknowledged it, fails if it could not be sent. Never throws. */
    public CompletionStage<Void> publish(ConsumerRecord<K, V> record, String reason) {
        return KafkaSends.send(producer, deadLetterOf(record, reason));
    }

    @Override
    public void close() {
        producer.close();
    }

    /** The dead letter of a record: same key and value, headers naming the reason and the source. */
    ProducerRecord<K, V> deadLetterOf(ConsumerRecord<K, V> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(reason));
        headers.add(SOURCE_TOPIC, utf8(record.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
    }

    private static byte[] utf8(String value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }
}
