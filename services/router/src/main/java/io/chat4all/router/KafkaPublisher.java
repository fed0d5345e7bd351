package io.chat4all.router;

import java.util.concurrent.CompletionStage;

import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.MessageEventCodec;
import io.chat4all.contracts.OutboundMessage;
import io.chat4all.contracts.OutboundMessageCodec;
import io.chat4all.contracts.Topics;
import io.chat4all.kit.KafkaSends;
import io.chat4all.kit.KafkaSettings;
import io.chat4all.kit.consumer.DeadLetterPublisher;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The router's records: {@link Outbound} to {@code outbound.<channel>} and {@link MessageFlow} to {@code messages},
 * both keyed by conversation id so each conversation keeps its order. Acknowledged by all replicas, idempotent; a
 * failure is retried by the consumer loop that asked.
 */
final class KafkaPublisher implements Outbound, MessageFlow, AutoCloseable {
    private final Producer<String, byte[]> producer;

    KafkaPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** A producer from the {@code kafka} config node, with the bounded timeouts of the router's other producers. */
    static KafkaPublisher create(KafkaSettings kafka) {
        return new KafkaPublisher(new KafkaProducer<>(
                DeadLetterPublisher.producerSettings(kafka.client("chat4all-router-producer")),
                new StringSerializer(), new ByteArraySerializer()));
    }

    @Override
    public CompletionStage<Void> publish(OutboundMessage message) {
        return send(new ProducerRecord<>(message.channel().outboundTopic().name(), message.conversationId().toString(),
                OutboundMessageCodec.encode(message)));
    }

    @Override
    public CompletionStage<Void> publish(MessageEvent event) {
        return send(new ProducerRecord<>(Topics.MESSAGES.name(), event.conversationId().toString(),
                MessageEventCodec.encode(event)));
    }

    private CompletionStage<Void> send(ProducerRecord<String, byte[]> record) {
        return KafkaSends.send(producer, record);
    }

    @Override
    public void close() {
        producer.close();
    }
}
