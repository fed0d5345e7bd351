package io.chat4all.router;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageStoreTest {
    @Test
    void writeTimestampIsTheAcceptTimeInMicroseconds() {
        assertEquals(1_764_000_000_123_456L,
                MessageStore.writeTimestampMicros(Instant.ofEpochSecond(1_764_000_000L, 123_456_789L)));
    }
}
