package io.chat4all.kit.http;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UuidTextTest {

    @Test
    void canonicalUuidsParse() {
        UUID id = UUID.randomUUID();
        assertEquals(id, UuidText.parse(id.toString()));
        assertEquals(id, UuidText.parse(id.toString().toUpperCase()));
    }

    @Test
    void whatUuidFromStringWouldStretchIsRefused() {
        assertNull(UuidText.parse("1-2-3-4-5"), "UUID.fromString pads short groups");
        assertNull(UuidText.parse("not-a-uuid"));
        assertNull(UuidText.parse(""));
        assertNull(UuidText.parse(null));
        assertNull(UuidText.parse(UUID.randomUUID() + " "));
        assertNull(UuidText.parse("{" + UUID.randomUUID() + "}"));
    }
}
