package io.chat4all.router;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.chat4all.common.KafkaSettings;
import io.chat4all.common.Topics;
import io.helidon.config.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends records the router cannot store (poison) to {@link Topics#MESSAGES_DLQ}: original key and value, plus headers
 * saying why and where from.
 */
public final class DeadLetterPublisher implements AutoCloseable {
    static final String REASON = "dlq.reason";
    static final String SOURCE_TOPIC = "dlq.source.topic";
    static final String SOURCE_PARTITION = "dlq.source.partition";
    static final String SOURCE_OFFSET = "dlq.source.offset";

    private final Producer<String, byte[]> producer;

    public DeadLetterPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** A publisher with its own idempotent, acks=all producer, from the {@code kafka} config node. */
    public static DeadLetterPublisher create(Config kafka) {
        Map<String, Object> props = KafkaSettings.common(kafka, "chat4all-router-dlq");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // The consumer loop waits for this ack: fail within seconds (and retry the batch) rather than stall for minutes.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new DeadLetterPublisher(new KafkaProducer<>(props));
    }

    /** Publishes the poison record; completes when Kafka acknowledged it, fails if it could not be sent. */
    public CompletionStage<Void> publish(ConsumerRecord<String, byte[]> poison, String reason) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(deadLetterOf(poison, reason), (metadata, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    @Override
    public void close() {
        producer.close();
    }

    /** The dead letter of a poison record: same key and value, headers naming the reason and the source. */
    static ProducerRecord<String, byte[]> deadLetterOf(ConsumerRecord<String, byte[]> poison, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(reason));
        headers.add(SOURCE_TOPIC, utf8(poison.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(poison.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(poison.offset())));
        return new ProducerRecord<>(Topics.MESSAGES_DLQ, null, poison.key(), poison.value(), headers);
    }

    private static byte[] utf8(String value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }
}
