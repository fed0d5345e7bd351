package io.chat4all.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StatusEventCodecTest {
    private static final Instant AT = Instant.parse("2026-12-02T10:15:30.123Z");

    private static String invalidReason(String json) {
        return assertThrows(InvalidEventException.class,
                () -> StatusEventCodec.decode(json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    @Test
    void roundTripsWithAndWithoutChannelAndReason() throws InvalidEventException {
        StatusEvent viaChannel = new StatusEvent(UUID.randomUUID(), UUID.randomUUID(), MessageStatus.FAILED,
                Optional.of(Channel.WHATSAPP), AT, Optional.of("rejected: number not on WhatsApp"));
        StatusEvent internal = new StatusEvent(UUID.randomUUID(), UUID.randomUUID(), MessageStatus.DELIVERED,
                Optional.empty(), AT, Optional.empty());
        assertEquals(viaChannel, StatusEventCodec.decode(StatusEventCodec.encode(viaChannel)));
        assertEquals(internal, StatusEventCodec.decode(StatusEventCodec.encode(internal)));
        assertEquals(false, new String(StatusEventCodec.encode(internal), StandardCharsets.UTF_8).contains("channel"));
    }

    @Test
    void unknownStatusesChannelsAndAcceptedAreInvalid() {
        String ids = "\"message_id\":\"" + UUID.randomUUID() + "\",\"recipient_id\":\"" + UUID.randomUUID() + "\"";
        assertEquals("status names no status: LOST",
                invalidReason("{" + ids + ",\"status\":\"LOST\",\"at\":\"2026-12-02T10:00:00Z\"}"));
        assertEquals("channel names no channel: telegram", invalidReason("{" + ids
                + ",\"status\":\"READ\",\"channel\":\"telegram\",\"at\":\"2026-12-02T10:00:00Z\"}"));
        assertEquals("ACCEPTED is not reported by status events",
                invalidReason("{" + ids + ",\"status\":\"ACCEPTED\",\"at\":\"2026-12-02T10:00:00Z\"}"));
        assertEquals("missing field at", invalidReason("{" + ids + ",\"status\":\"READ\"}"));
    }

    @Test
    void longReasonsAreCutWithoutSplittingACharacter() {
        String reason = "x".repeat(StatusEventCodec.MAX_REASON_CHARS - 1) + "😀";
        String cut = StatusEventCodec.shortened(reason);
        assertEquals(StatusEventCodec.MAX_REASON_CHARS - 1, cut.length());
        assertEquals(false, Character.isHighSurrogate(cut.charAt(cut.length() - 1)));
    }
}
