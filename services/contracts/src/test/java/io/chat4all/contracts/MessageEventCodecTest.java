package io.chat4all.contracts;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageEventCodecTest {
    private static final Instant ACCEPTED = Instant.parse("2026-11-27T10:15:30.123Z");

    private static MessageEvent event(String text, Instant acceptedAt) {
        return new MessageEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Uuids.timeBased(), text,
                acceptedAt);
    }

    private static String invalidReason(String json) {
        return assertThrows(InvalidEventException.class,
                () -> MessageEventCodec.decode(json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    @Test
    void roundTripsEveryField() throws InvalidEventException {
        MessageEvent event = event("olá 👋", ACCEPTED);
        assertEquals(event, MessageEventCodec.decode(MessageEventCodec.encode(event)));
    }

    @Test
    void roundTripsAnAttachment() throws InvalidEventException {
        MessageEvent plain = event("see the file", ACCEPTED);
        Attachment file = new Attachment(UUID.randomUUID(), "report.pdf", "application/pdf", 1_048_576L,
                URI.create("http://127.0.0.1:8080/v1/files/x/content?expires=1&signature=abc"));
        MessageEvent withFile = new MessageEvent(plain.messageId(), plain.conversationId(), plain.senderId(), plain.seq(),
                plain.text(), plain.acceptedAt(), Optional.of(file));
        MessageEvent decoded = MessageEventCodec.decode(MessageEventCodec.encode(withFile));
        assertEquals(withFile, decoded);
        assertEquals(Optional.of(file.fileId()), decoded.fileId());
        String json = new String(MessageEventCodec.encode(withFile), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"attachment\":{\"file_id\":\"" + file.fileId() + "\""), json);
    }

    @Test
    void aRecordWithoutAttachmentIsAMessageWithoutFile() throws InvalidEventException {
        MessageEvent event = event("hi", ACCEPTED);
        String json = new String(MessageEventCodec.encode(event), StandardCharsets.UTF_8);
        assertTrue(!json.contains("attachment"), json);
        assertEquals(Optional.empty(), MessageEventCodec.decode(json.getBytes(StandardCharsets.UTF_8)).attachment());
    }

    @Test
    void refusesAnAttachmentWithoutItsFileIdOrWithANegativeSize() {
        MessageEvent event = event("hi", ACCEPTED);
        String json = new String(MessageEventCodec.encode(event), StandardCharsets.UTF_8);
        String noId = json.replaceFirst("\\{", "{\"attachment\":{\"name\":\"a\",\"content_type\":\"text/plain\","
                + "\"size\":1,\"url\":\"http://x/\"},");
        assertEquals("missing field attachment.file_id", invalidReason(noId));
        String negative = json.replaceFirst("\\{", "{\"attachment\":{\"file_id\":\"" + UUID.randomUUID()
                + "\",\"name\":\"a\",\"content_type\":\"text/plain\",\"size\":-1,\"url\":\"http://x/\"},");
        assertTrue(invalidReason(negative).startsWith("attachment.size must not be negative"));
    }

    @Test
    void wireFormatIsSnakeCaseWithIsoTimestamps() {
        String json = new String(MessageEventCodec.encode(event("hi", ACCEPTED)), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"conversation_id\":"), json);
        assertTrue(json.contains("\"accepted_at\":\"2026-11-27T10:15:30.123Z\""), json);
    }

    @Test
    void textOfExactlyTheLimitInMultibyteCharactersIsValid() throws InvalidEventException {
        String text = "é".repeat(MessageEventCodec.MAX_TEXT_BYTES / 2);
        assertEquals(text, MessageEventCodec.decode(MessageEventCodec.encode(event(text, ACCEPTED))).text());
    }

    @Test
    void textOneByteOverTheLimitIsInvalid() {
        String text = "é".repeat(MessageEventCodec.MAX_TEXT_BYTES / 2) + "x";
        byte[] value = MessageEventCodec.encode(event(text, ACCEPTED));
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> MessageEventCodec.decode(value));
        assertEquals("text must be at most 10240 bytes in UTF-8", e.getMessage());
    }

    @Test
    void acceptTimesThatWouldOverflowStorageTimestampsAreInvalid() {
        byte[] farFuture = MessageEventCodec.encode(event("hi", Instant.parse("+300000-01-01T00:00:00Z")));
        assertThrows(InvalidEventException.class, () -> MessageEventCodec.decode(farFuture));
        byte[] beforeEpoch = MessageEventCodec.encode(event("hi", Instant.parse("1969-12-31T23:59:59Z")));
        assertThrows(InvalidEventException.class, () -> MessageEventCodec.decode(beforeEpoch));
    }

    @Test
    void namesTheMissingField() {
        assertEquals("missing field conversation_id", invalidReason("{\"message_id\": \"" + UUID.randomUUID() + "\"}"));
    }

    @Test
    void refusesRandomUuidsAsSeqBecauseTheyDoNotOrderAConversation() {
        MessageEvent event = event("hi", ACCEPTED);
        String json = new String(MessageEventCodec.encode(event), StandardCharsets.UTF_8)
                .replace(event.seq().toString(), UUID.randomUUID().toString());
        assertTrue(invalidReason(json).contains("time-based"));
    }

    @Test
    void refusesBlankTextWrongTypesAndGarbage() {
        MessageEvent event = event("   ", ACCEPTED);
        assertEquals("text must not be blank", invalidReason(new String(MessageEventCodec.encode(event), StandardCharsets.UTF_8)));
        assertTrue(invalidReason("{\"message_id\": 42}").startsWith("undecodable JSON"));
        assertTrue(invalidReason("not json").startsWith("undecodable JSON"));
        assertThrows(InvalidEventException.class, () -> MessageEventCodec.decode(null));
    }

    @Test
    void ignoresFieldsItDoesNotKnowSoANewerProducerCanAddOne() throws InvalidEventException {
        MessageEvent event = event("hi", ACCEPTED);
        String json = new String(MessageEventCodec.encode(event), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"file_id\":\"" + UUID.randomUUID() + "\",\"priority\":{\"level\":3},");
        assertEquals(event, MessageEventCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesTextThatNoStoreCouldHold() {
        MessageEvent event = event("bad X x", ACCEPTED);
        String json = new String(MessageEventCodec.encode(event), StandardCharsets.UTF_8).replace("bad X x", "bad \\ud800 x");
        assertTrue(invalidReason(json).startsWith("text must be valid Unicode text"), json);
        String withNul = json.replace("\\ud800", "\\u0000");
        assertTrue(invalidReason(withNul).startsWith("text must not contain control characters"), withNul);
    }
}
