package io.chat4all.connector;

import java.util.concurrent.CompletableFuture;

import io.chat4all.contracts.InboundMessage;
import io.chat4all.contracts.InboundMessageCodec;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.contracts.StatusEventCodec;
import io.chat4all.contracts.Topics;
import io.chat4all.kit.KafkaSends;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes what the connector learns: status events to {@link Topics#STATUS} (key: message id, so one message's
 * events are applied in order) and inbound messages to {@link Topics#INBOUND} (key: the sender's address). Each future
 * completes when Kafka acknowledged the record.
 */
final class EventPublisher {
    private final Producer<String, byte[]> producer;

    /** @param producer acks=all and idempotent; owned by the caller */
    EventPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    CompletableFuture<Void> status(StatusEvent event) {
        return send(new ProducerRecord<>(Topics.STATUS.name(), event.messageId().toString(),
                StatusEventCodec.encode(event)));
    }

    CompletableFuture<Void> inbound(InboundMessage message) {
        return send(new ProducerRecord<>(Topics.INBOUND.name(), message.from(), InboundMessageCodec.encode(message)));
    }

    private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        return KafkaSends.send(producer, record);
    }
}
