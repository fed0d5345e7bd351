package io.chat4all.router;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.chat4all.contracts.OutboundMessage;
import io.chat4all.contracts.OutboundMessageCodec;
import io.chat4all.kit.KafkaSettings;
import io.chat4all.kit.consumer.DeadLetterPublisher;
import io.helidon.config.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link Outbound} to {@code outbound.<channel>}, keyed by conversation id so each conversation reaches its
 * connector in order. Acknowledged by all replicas, idempotent; a failure is retried by the consumer loop.
 */
final class KafkaOutbound implements Outbound, AutoCloseable {
    private final Producer<String, byte[]> producer;

    KafkaOutbound(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** A producer from the {@code kafka} config node, with the bounded timeouts of the router's other producers. */
    static KafkaOutbound create(Config kafka) {
        return new KafkaOutbound(new KafkaProducer<>(
                DeadLetterPublisher.producerSettings(KafkaSettings.common(kafka, "chat4all-router-outbound")),
                new StringSerializer(), new ByteArraySerializer()));
    }

    @Override
    public CompletionStage<Void> publish(OutboundMessage message) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(message.channel().outboundTopic().name(),
                    message.conversationId().toString(), OutboundMessageCodec.encode(message)), (metadata, error) -> {
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
}
