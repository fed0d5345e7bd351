package io.chat4all.router;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.chat4all.contracts.DirectoryChange;
import io.chat4all.contracts.DirectoryChangeCodec;
import io.chat4all.contracts.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreMessageHandlerTest {
    private final List<DirectoryChange> changes = new ArrayList<>();
    // No store: a record that does not decode must fail before anything is written.
    private final StoreMessageHandler handler = new StoreMessageHandler(null, changes::add);

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

    @Test
    void aRecordMarkedAsDirectoryChangeGoesToTheDirectoryNotTheStore() throws InvalidEventException {
        DirectoryChange change = new DirectoryChange(UUID.randomUUID(), UUID.randomUUID());
        ConsumerRecord<String, byte[]> record = directoryChangeRecord(DirectoryChangeCodec.encode(change));

        assertTrue(handler.handle(record, 1).toCompletableFuture().isDone());
        assertEquals(List.of(change), changes);
        assertEquals(Map.of(), handler.logFields(record));
    }

    @Test
    void aMalformedDirectoryChangeIsInvalid() {
        ConsumerRecord<String, byte[]> record = directoryChangeRecord("{}".getBytes(StandardCharsets.UTF_8));

        assertThrows(InvalidEventException.class, () -> handler.handle(record, 1));
        assertEquals(List.of(), changes);
    }

    private static ConsumerRecord<String, byte[]> directoryChangeRecord(byte[] value) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("messages", 0, 0L, "conversation", value);
        record.headers().add(DirectoryChangeCodec.HEADER, DirectoryChangeCodec.KIND.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
