package io.chat4all.connector;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbackDataTest {
    private final CallbackData callbacks = new CallbackData(TestSettings.SECRET);
    private final UUID message = UUID.randomUUID();
    private final UUID recipient = UUID.randomUUID();

    @Test
    void roundTripNamesTheRecipient() {
        String data = callbacks.of(message, recipient);

        assertTrue(data.startsWith(recipient + "."), data);
        assertTrue(data.matches("[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}"), "UUID, dot, unpadded base64url of 32 bytes: " + data);
        assertEquals(Optional.of(recipient), callbacks.recipientOf(message, data));
    }

    @Test
    void dataOfAnotherMessageIsRefused() {
        assertEquals(Optional.empty(), callbacks.recipientOf(UUID.randomUUID(), callbacks.of(message, recipient)));
    }

    @Test
    void anotherRecipientWithTheSameTagIsRefused() {
        String data = callbacks.of(message, recipient);
        String forged = UUID.randomUUID() + data.substring(data.indexOf('.'));

        assertEquals(Optional.empty(), callbacks.recipientOf(message, forged));
    }

    @Test
    void aTagChangedInOneCharacterIsRefused() {
        String data = callbacks.of(message, recipient);
        char last = data.charAt(data.length() - 1);
        String tampered = data.substring(0, data.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertEquals(Optional.empty(), callbacks.recipientOf(message, tampered));
    }

    @Test
    void dataMadeWithAnotherSecretIsRefused() {
        CallbackData other = new CallbackData("another-secret-of-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8));

        assertEquals(Optional.empty(), callbacks.recipientOf(message, other.of(message, recipient)));
    }

    @Test
    void garbageIsRefusedWithoutThrowing() {
        for (String garbage : new String[] {"", ".", "no-dot", recipient + ".", "not-a-uuid.abc", recipient + ".!!!",
                recipient + "." + "A".repeat(43) + "==="}) {
            assertEquals(Optional.empty(), callbacks.recipientOf(message, garbage), garbage);
        }
    }
}
