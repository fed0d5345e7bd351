package io.chat4all.router;

import java.nio.charset.StandardCharsets;

import io.chat4all.contracts.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

class StoreMessageHandlerTest {
    // No store: a record that does not decode must fail before anything is written.
    private final StoreMessageHandler handler = new StoreMessageHandler(null);

    @Test
    void undecodableRecordThrowsTheCodecsInvalidEventException() {
        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>("messages", 0, 0L, "conversation",
                "not json".getBytes(StandardCharsets.UTF_8));

        assertThrows(InvalidEventException.class, () -> handler.handle(garbage, 1));
    }

    @Test
    void emptyRecordThrowsTheCodecsInvalidEventException() {
        assertThrows(InvalidEventException.class,
                () -> handler.handle(new ConsumerRecord<>("messages", 0, 0L, "conversation", null), 1));
    }
}
