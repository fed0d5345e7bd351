package io.chat4all.api.messages;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.FieldError;
import io.chat4all.kit.http.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SendMessageRequestTest {
    private static final UUID CONVERSATION = UUID.randomUUID();

    @Test
    void validMessageIsRead() throws Exception {
        UUID id = UUID.randomUUID();
        SendMessageRequest request = parse("{\"conversation_id\":\"" + CONVERSATION + "\",\"text\":\"hi ✓\","
                + "\"message_id\":\"" + id + "\",\"unknown\":true}");
        assertEquals(CONVERSATION, request.conversationId());
        assertEquals("hi ✓", request.text());
        assertEquals(Optional.of(id), request.messageId());
    }

    @Test
    void messageIdIsOptional() throws Exception {
        assertEquals(Optional.empty(), parse("{\"conversation_id\":\"" + CONVERSATION + "\",\"text\":\"hi\"}").messageId());
        assertEquals(Optional.empty(), parse("{\"conversation_id\":\"" + CONVERSATION + "\",\"text\":\"hi\","
                + "\"message_id\":null}").messageId());
    }

    @Test
    void missingFieldsAreNamed() {
        assertEquals(List.of("conversation_id", "text"), errors("{}"));
        assertEquals(List.of("text"), errors("{\"conversation_id\":\"" + CONVERSATION + "\"}"));
    }

    @Test
    void wrongTypesAreNamed() {
        assertEquals(List.of("conversation_id", "text", "message_id"),
                errors("{\"conversation_id\":42,\"text\":[\"hi\"],\"message_id\":{}}"));
        assertEquals(List.of("text"), errors("{\"conversation_id\":\"" + CONVERSATION + "\",\"text\":true}"));
    }

    @Test
    void invalidUuidsAreNamed() {
        assertEquals(List.of("conversation_id", "message_id"),
                errors("{\"conversation_id\":\"not-a-uuid\",\"text\":\"hi\",\"message_id\":\"123\"}"));
    }

    @Test
    void blankTextIsRefused() {
        assertEquals(List.of("text"), errors("{\"conversation_id\":\"" + CONVERSATION + "\",\"text\":\" \\n\\t \"}"));
        assertEquals(List.of("text"), errors("{\"conversation_id\":\"" + CONVERSATION + "\",\"text\":\"\"}"));
    }

    @Test
    void textIsLimitedInUtf8BytesNotCharacters() throws Exception {
        String twoByteChars = "é".repeat(5_120); // 10,240 bytes
        assertEquals(twoByteChars, parse(body(twoByteChars)).text());
        assertEquals(List.of("text"), errors(body("é".repeat(5_121))));

        String fourByteChars = "😀".repeat(2_560); // 10,240 bytes in 5,120 UTF-16 chars
        assertEquals(fourByteChars, parse(body(fourByteChars)).text());
        assertEquals(List.of("text"), errors(body(fourByteChars + "a")));

        assertEquals(10_240, parse(body("a".repeat(10_240))).text().length());
        assertEquals(List.of("text"), errors(body("a".repeat(10_241))));
    }

    private static String body(String text) {
        return "{\"conversation_id\":\"" + CONVERSATION + "\",\"text\":\"" + text + "\"}";
    }

    private static SendMessageRequest parse(String body) throws Exception {
        return SendMessageRequest.parse(Json.MAPPER.readTree(body));
    }

    private static List<String> errors(String body) {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> parse(body));
        assertEquals(400, problem.status().code());
        assertEquals("urn:chat4all:problem:validation", problem.body().type());
        return problem.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void textIsValidUnicodeWithoutControlCharactersButLineBreaks() throws Exception {
        String c = "{\"conversation_id\":\"" + CONVERSATION + "\",\"text\":";
        assertEquals(List.of("text"), errors(c + "\"bad \\ud800 x\"}"), "an unpaired surrogate, as a JSON escape");
        assertEquals(List.of("text"), errors(c + "\"\\udc00\"}"));
        assertEquals(List.of("text"), errors(c + "\"nul \\u0000 inside\"}"));
        assertEquals(List.of("text"), errors(c + "\"bell \\u0007\"}"));
        assertEquals(List.of("text"), errors(c + "\"\\u200b\\ufeff \\u00a0\"}"), "invisible only is blank");
        assertEquals("line one\r\n\tline two \uD83D\uDC4B", parse(c + "\"line one\\r\\n\\tline two \\ud83d\\udc4b\"}").text());
    }

    @Test
    void everyStringFieldMustBeValidUnicode() {
        assertEquals(List.of("conversation_id"), errors("{\"conversation_id\":\"\\ud800\",\"text\":\"hi\"}"));
        assertEquals(List.of("message_id"), errors("{\"conversation_id\":\"" + CONVERSATION
                + "\",\"text\":\"hi\",\"message_id\":\"\\udfff\"}"));
    }

    @Test
    void clientChosenIdsMayNotBeVersion8WhichIsTheKindDerivedFromIdempotencyKeys() throws Exception {
        String version8 = "00000000-0000-8000-8000-000000000000";
        assertEquals(List.of("message_id"), errors("{\"conversation_id\":\"" + CONVERSATION + "\",\"text\":\"hi\","
                + "\"message_id\":\"" + version8 + "\"}"));
        assertEquals(List.of("text", "message_id"), errors("{\"conversation_id\":\"" + CONVERSATION + "\",\"text\":\" \","
                + "\"message_id\":\"" + version8 + "\"}"), "reported with the other field errors");
        UUID timeBased = UUID.fromString("1ec9414c-232a-6b00-b3c8-9e6bdeced846");
        assertEquals(Optional.of(timeBased), parse("{\"conversation_id\":\"" + CONVERSATION + "\",\"text\":\"hi\","
                + "\"message_id\":\"" + timeBased + "\"}").messageId());
    }
}
