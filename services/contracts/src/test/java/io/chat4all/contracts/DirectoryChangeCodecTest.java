package io.chat4all.contracts;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryChangeCodecTest {

    @Test
    void roundTripsAsSnakeCaseJson() throws InvalidEventException {
        DirectoryChange change = new DirectoryChange(UUID.randomUUID(), UUID.randomUUID());
        byte[] encoded = DirectoryChangeCodec.encode(change);

        assertEquals(change, DirectoryChangeCodec.decode(encoded));
        assertEquals("{\"conversation_id\":\"" + change.conversationId() + "\",\"user_id\":\"" + change.userId() + "\"}",
                new String(encoded, StandardCharsets.UTF_8));
    }

    @Test
    void aMissingIdOrAMessageIsInvalid() {
        String onlyConversation = "{\"conversation_id\":\"" + UUID.randomUUID() + "\"}";
        InvalidEventException missing = assertThrows(InvalidEventException.class,
                () -> DirectoryChangeCodec.decode(onlyConversation.getBytes(StandardCharsets.UTF_8)));
        assertTrue(missing.getMessage().contains("user_id"), missing.getMessage());
        assertThrows(InvalidEventException.class,
                () -> DirectoryChangeCodec.decode("not json".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyTheDirectoryChangeHeaderValueMarksOne() {
        assertTrue(DirectoryChangeCodec.isKind("directory-change".getBytes(StandardCharsets.UTF_8)));
        assertFalse(DirectoryChangeCodec.isKind(null));
        assertFalse(DirectoryChangeCodec.isKind("message".getBytes(StandardCharsets.UTF_8)));
    }
}
