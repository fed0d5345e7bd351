package io.chat4all.api.messages;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import io.chat4all.kit.http.ApiProblem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdempotencyKeysTest {
    private static final IdempotencyKeys KEYS = new IdempotencyKeys(secret("0123456789abcdef0123456789abcdef"));

    @Test
    void printableKeysUpTo128CharactersAreAccepted() {
        assertEquals(Optional.of("k"), IdempotencyKeys.validate(Optional.of("k")));
        assertEquals(Optional.of("retry 1: ~!@#$%^&*()"), IdempotencyKeys.validate(Optional.of("retry 1: ~!@#$%^&*()")));
        String longest = "a".repeat(128);
        assertEquals(Optional.of(longest), IdempotencyKeys.validate(Optional.of(longest)));
        assertEquals(Optional.empty(), IdempotencyKeys.validate(Optional.empty()));
    }

    @Test
    void otherKeysAreA400NamingTheHeader() {
        for (String key : new String[] {"", " ", "a".repeat(129), "tab\there", "clé", "new\nline"}) {
            ApiProblem problem = assertThrows(ApiProblem.class, () -> IdempotencyKeys.validate(Optional.of(key)), key);
            assertEquals("Idempotency-Key", problem.errors().getFirst().field());
        }
    }

    @Test
    void aKeyStandsForOneMessageIdPerSender() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        assertEquals(KEYS.messageId(alice, "k1"), KEYS.messageId(alice, "k1"));
        assertEquals(KEYS.messageId(alice, "k1"), new IdempotencyKeys(secret("0123456789abcdef0123456789abcdef"))
                .messageId(alice, "k1"), "stable across restarts with the same secret");
        assertNotEquals(KEYS.messageId(alice, "k1"), KEYS.messageId(alice, "k2"));
        assertNotEquals(KEYS.messageId(alice, "k1"), KEYS.messageId(bob, "k1"));
    }

    @Test
    void withoutTheSecretNobodyCanTellTheId() {
        UUID alice = UUID.randomUUID();
        UUID id = KEYS.messageId(alice, "k1");
        assertNotEquals(id, new IdempotencyKeys(secret("another secret of 32 bytes or more")).messageId(alice, "k1"));
        assertNotEquals(id, UUID.nameUUIDFromBytes((alice + ":k1").getBytes(StandardCharsets.UTF_8)),
                "not the old unkeyed name-based id, which anyone could compute");
    }

    @Test
    void derivedIdsAreVersion8AndRfcVariant() {
        for (int i = 0; i < 100; i++) {
            UUID id = KEYS.messageId(UUID.randomUUID(), "key-" + i);
            assertEquals(8, id.version(), id::toString);
            assertEquals(2, id.variant(), id::toString);
        }
    }

    @Test
    void onlyVersion8IdsCountAsDerived() {
        assertFalse(IdempotencyKeys.isDerived(UUID.randomUUID()));
        assertFalse(IdempotencyKeys.isDerived(UUID.fromString("1ec9414c-232a-6b00-b3c8-9e6bdeced846")));
        assertTrue(IdempotencyKeys.isDerived(KEYS.messageId(UUID.randomUUID(), "k")));
        assertTrue(IdempotencyKeys.isDerived(UUID.fromString("00000000-0000-8000-0000-000000000000")));
    }

    private static byte[] secret(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
