package io.chat4all.kit.http;

import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CursorsTest {

    @Test
    void aCursorDecodesToThePositionItWasMadeFrom() {
        UUID position = Uuids.timeBased();
        String cursor = Cursors.encode(position);
        assertEquals(Optional.of(position), Cursors.decode(cursor));
    }

    @Test
    void cursorsAreUrlSafeWithoutPadding() {
        for (int i = 0; i < 1_000; i++) {
            String cursor = Cursors.encode(Uuids.timeBased());
            assertTrue(cursor.matches("[A-Za-z0-9_-]{22}"), cursor);
        }
    }

    @Test
    void anythingElseIsNoCursor() {
        assertEquals(Optional.empty(), Cursors.decode("%%%"), "not base64");
        assertEquals(Optional.empty(), Cursors.decode("bm90LWEtY3Vyc29y"), "base64 of the wrong length");
        assertEquals(Optional.empty(), Cursors.decode(""), "empty");
        assertEquals(Optional.empty(), Cursors.decode("a+b/"), "standard, not url-safe, base64");
        assertFalse(Cursors.decode(Cursors.encode(UUID.randomUUID())).isPresent(), "a random (version 4) UUID");
    }
}
