package io.chat4all.router;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.chat4all.contracts.DirectoryChange;
import io.chat4all.contracts.DirectoryChangeCodec;
import io.chat4all.contracts.InvalidEventException;
import io.chat4all.kit.consumer.RecordHandler;
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

        assertThrows(InvalidEventException.class, () -> handler.read(garbage));
    }

    @Test
    void emptyRecordThrowsTheCodecsInvalidEventException() {
        assertThrows(InvalidEventException.class,
                () -> handler.read(new ConsumerRecord<>("messages", 0, 0L, "conversation", null)));
    }

    @Test
    void aRecordMarkedAsDirectoryChangeGoesToTheDirectoryNotTheStore() throws Exception {
        DirectoryChange change = new DirectoryChange(UUID.randomUUID(), UUID.randomUUID());
        RecordHandler.Handling handling = handler.read(directoryChangeRecord(DirectoryChangeCodec.encode(change)));

        assertEquals(Map.of(), handling.logFields());
        assertEquals(List.of(), changes, "reading it changes nothing");
        assertTrue(handling.attempt().run(1).toCompletableFuture().isDone());
        assertEquals(List.of(change), changes);
    }

    @Test
    void aMalformedDirectoryChangeIsInvalid() {
        ConsumerRecord<String, byte[]> record = directoryChangeRecord("{}".getBytes(StandardCharsets.UTF_8));

        assertThrows(InvalidEventException.class, () -> handler.read(record));
        assertEquals(List.of(), changes);
    }

    private static ConsumerRecord<String, byte[]> directoryChangeRecord(byte[] value) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("messages", 0, 0L, "conversation", value);
        record.headers().add(DirectoryChangeCodec.HEADER, DirectoryChangeCodec.KIND.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
