package io.chat4all.kit.consumer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadLetterPublisherTest {
    private final DeadLetterPublisher<String, byte[]> publisher =
            new DeadLetterPublisher<>(new MockProducer<>(), "messages.dlq");

    @Test
    void deadLetterKeepsKeyAndValueAndNamesReasonAndSource() {
        byte[] value = "{not json".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<String, byte[]> poison = new ConsumerRecord<>("messages", 2, 41L, "conv-1", value);

        ProducerRecord<String, byte[]> letter = publisher.deadLetterOf(poison, "undecodable JSON: oops");

        assertEquals("messages.dlq", letter.topic());
        assertNull(letter.partition(), "partitioned by key, like the source");
        assertEquals("conv-1", letter.key());
        assertArrayEquals(value, letter.value());
        assertEquals("undecodable JSON: oops", header(letter, DeadLetterPublisher.REASON));
        assertEquals("messages", header(letter, DeadLetterPublisher.SOURCE_TOPIC));
        assertEquals("2", header(letter, DeadLetterPublisher.SOURCE_PARTITION));
        assertEquals("41", header(letter, DeadLetterPublisher.SOURCE_OFFSET));
        assertEquals(4, letter.headers().toArray().length);
    }

    @Test
    void emptyRecordKeepsItsNullValueAndKey() {
        ConsumerRecord<String, byte[]> poison = new ConsumerRecord<>("messages", 0, 7L, null, null);

        ProducerRecord<String, byte[]> letter = publisher.deadLetterOf(poison, "empty record value");

        assertNull(letter.key());
        assertNull(letter.value());
        assertEquals("empty record value", header(letter, DeadLetterPublisher.REASON));
        assertEquals("7", header(letter, DeadLetterPublisher.SOURCE_OFFSET));
    }

    @Test
    void publishCompletesWhenKafkaAcknowledgesAndFailsWhenItDoesNot() {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        DeadLetterPublisher<String, byte[]> manual = new DeadLetterPublisher<>(producer, "messages.dlq");
        ConsumerRecord<String, byte[]> poison = new ConsumerRecord<>("messages", 0, 1L, "k", new byte[] {1});

        CompletableFuture<Void> acked = manual.publish(poison, "invalid").toCompletableFuture();
        CompletableFuture<Void> refused = manual.publish(poison, "invalid").toCompletableFuture();
        assertFalse(acked.isDone());
        producer.completeNext();
        producer.errorNext(new TimeoutException("no leader"));

        assertTrue(acked.isDone() && !acked.isCompletedExceptionally());
        assertInstanceOf(TimeoutException.class, assertThrows(ExecutionException.class, refused::get).getCause());
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
