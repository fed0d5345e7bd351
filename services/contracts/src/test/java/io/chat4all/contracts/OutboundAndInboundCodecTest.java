package io.chat4all.contracts;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutboundAndInboundCodecTest {
    private static final Instant AT = Instant.parse("2026-12-02T10:15:30.123Z");

    @Test
    void outboundMessagesRoundTripWithAndWithoutAttachment() throws InvalidEventException {
        Attachment file = new Attachment(UUID.randomUUID(), "photo.jpg", "image/jpeg", 1_048_576,
                URI.create("http://127.0.0.1:8080/v1/files/x/content?signature=abc"));
        for (Optional<Attachment> attachment : java.util.List.of(Optional.<Attachment>empty(), Optional.of(file))) {
            OutboundMessage message = new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                    UUID.randomUUID(), Channel.INSTAGRAM, "ana.souza", "oi", attachment, AT);
            assertEquals(message, OutboundMessageCodec.decode(OutboundMessageCodec.encode(message)));
        }
    }

    @Test
    void outboundAddressMustFitItsChannel() {
        OutboundMessage message = new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), Channel.WHATSAPP, "ana.souza", "oi", Optional.empty(), AT);
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> OutboundMessageCodec.decode(OutboundMessageCodec.encode(message)));
        assertEquals("address is not " + Channel.WHATSAPP.addressShape(), e.getMessage());
    }

    @Test
    void inboundMessagesRoundTripAndRefuseBadText() throws InvalidEventException {
        InboundMessage message = new InboundMessage(Channel.WHATSAPP, "wamid.123", "+5511987654321", "+5511912345678",
                "olá", AT);
        assertEquals(message, InboundMessageCodec.decode(InboundMessageCodec.encode(message)));
        byte[] control = new String(InboundMessageCodec.encode(message), StandardCharsets.UTF_8)
                .replace("olá", "bad\\u0000").getBytes(StandardCharsets.UTF_8);
        assertThrows(InvalidEventException.class, () -> InboundMessageCodec.decode(control));
    }
}
