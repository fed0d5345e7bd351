package io.chat4all.router;

import java.nio.charset.StandardCharsets;

import io.chat4all.common.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DeadLetterPublisherTest {
    @Test
    void deadLetterKeepsKeyAndValueAndNamesReasonAndSource() {
        byte[] value = "{not json".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<String, byte[]> poison = new ConsumerRecord<>(Topics.MESSAGES, 2, 41L, "conv-1", value);

        ProducerRecord<String, byte[]> letter = DeadLetterPublisher.deadLetterOf(poison, "undecodable JSON: oops");

        assertEquals(Topics.MESSAGES_DLQ, letter.topic());
        assertNull(letter.partition(), "partitioned by key, like the source");
        assertEquals("conv-1", letter.key());
        assertArrayEquals(value, letter.value());
        assertEquals("undecodable JSON: oops", header(letter, DeadLetterPublisher.REASON));
        assertEquals(Topics.MESSAGES, header(letter, DeadLetterPublisher.SOURCE_TOPIC));
        assertEquals("2", header(letter, DeadLetterPublisher.SOURCE_PARTITION));
        assertEquals("41", header(letter, DeadLetterPublisher.SOURCE_OFFSET));
        assertEquals(4, letter.headers().toArray().length);
    }

    @Test
    void emptyRecordKeepsItsNullValueAndKey() {
        ConsumerRecord<String, byte[]> poison = new ConsumerRecord<>(Topics.MESSAGES, 0, 7L, null, null);

        ProducerRecord<String, byte[]> letter = DeadLetterPublisher.deadLetterOf(poison, "empty record value");

        assertNull(letter.key());
        assertNull(letter.value());
        assertEquals("empty record value", header(letter, DeadLetterPublisher.REASON));
        assertEquals("7", header(letter, DeadLetterPublisher.SOURCE_OFFSET));
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
