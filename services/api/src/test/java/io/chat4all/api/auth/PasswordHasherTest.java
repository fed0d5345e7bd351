package io.chat4all.api.auth;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {
    private final PasswordHashingPool pool = PasswordHashingPoolTest.pool(1, 4);
    private final PasswordHasher hasher = new PasswordHasher(4, pool);

    @AfterEach
    void stopPool() {
        pool.close();
    }

    @Test
    void aHashMatchesItsPasswordOnly() {
        String hash = hasher.hash("correct horse battery staple");
        assertTrue(hasher.matches("correct horse battery staple", hash));
        assertFalse(hasher.matches("correct horse battery stapler", hash));
    }

    @Test
    void hashesAreSaltedAndCarryTheirCost() {
        String first = hasher.hash("same password");
        String second = hasher.hash("same password");
        assertNotEquals(first, second);
        assertTrue(first.startsWith("$2a$04$"), first);
        assertTrue(new PasswordHasher(10, pool).hash("same password").startsWith("$2a$10$"));
    }

    @Test
    void passwordsBcryptCannotReadWholeAreRefused() {
        String fine = "€".repeat(24); // 72 bytes in UTF-8
        assertTrue(hasher.matches(fine, hasher.hash(fine)));
        assertThrows(IllegalArgumentException.class, () -> hasher.hash("€".repeat(25)));
    }

    @Test
    void anUnknownUserNeverMatches() {
        assertFalse(hasher.matchesNothing("decoy password, never matched"));
    }
}
