package io.chat4all.api.messages;

import java.util.Optional;
import java.util.UUID;

import io.chat4all.api.http.ApiProblem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdempotencyKeysTest {

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
        assertEquals(IdempotencyKeys.messageId(alice, "k1"), IdempotencyKeys.messageId(alice, "k1"));
        assertNotEquals(IdempotencyKeys.messageId(alice, "k1"), IdempotencyKeys.messageId(alice, "k2"));
        assertNotEquals(IdempotencyKeys.messageId(alice, "k1"), IdempotencyKeys.messageId(bob, "k1"));
        assertEquals(UUID.nameUUIDFromBytes((alice + ":k1").getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                IdempotencyKeys.messageId(alice, "k1"));
    }
}
