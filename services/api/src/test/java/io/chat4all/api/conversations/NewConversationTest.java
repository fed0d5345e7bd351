package io.chat4all.api.conversations;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.FieldError;
import io.chat4all.kit.http.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NewConversationTest {

    @Test
    void privateConversationNamesTheOtherUser() throws Exception {
        UUID bob = UUID.randomUUID();
        NewConversation parsed = parse("{\"type\":\"private\",\"member_id\":\"" + bob + "\"}");
        assertEquals(new NewConversation.Private(bob), parsed);
    }

    @Test
    void groupHasANameAndDistinctMembers() throws Exception {
        UUID bob = UUID.randomUUID();
        UUID carol = UUID.randomUUID();
        NewConversation.Group group = assertInstanceOf(NewConversation.Group.class, parse(
                "{\"type\":\"group\",\"name\":\"book club\",\"member_ids\":[\"" + bob + "\",\"" + carol + "\",\"" + bob + "\"]}"));
        assertEquals("book club", group.name());
        assertEquals(List.of(bob, carol), List.copyOf(group.memberIds()));
    }

    @Test
    void typeIsRequiredAndKnown() {
        assertEquals(List.of("type"), errors("{}"));
        assertEquals(List.of("type"), errors("{\"type\":\"channel\"}"));
        assertEquals(List.of("type"), errors("{\"type\":1}"));
    }

    @Test
    void privateNeedsAValidMemberId() {
        assertEquals(List.of("member_id"), errors("{\"type\":\"private\"}"));
        assertEquals(List.of("member_id"), errors("{\"type\":\"private\",\"member_id\":\"bob\"}"));
    }

    @Test
    void groupNeedsANameOfOneToAHundredCharacters() {
        assertEquals(List.of("name"), errors("{\"type\":\"group\",\"member_ids\":[]}"));
        assertEquals(List.of("name"), errors("{\"type\":\"group\",\"name\":\"  \",\"member_ids\":[]}"));
        assertEquals(List.of("name"), errors("{\"type\":\"group\",\"name\":\"" + "x".repeat(101) + "\",\"member_ids\":[]}"));
    }

    @Test
    void nameLengthCountsCharactersNotUtf16Units() throws Exception {
        String hundredEmoji = "😀".repeat(100);
        NewConversation.Group group = assertInstanceOf(NewConversation.Group.class,
                parse("{\"type\":\"group\",\"name\":\"" + hundredEmoji + "\",\"member_ids\":[]}"));
        assertEquals(hundredEmoji, group.name());
    }

    @Test
    void groupMembersAreAnArrayOfUuids() {
        assertEquals(List.of("member_ids"), errors("{\"type\":\"group\",\"name\":\"g\"}"));
        assertEquals(List.of("member_ids"), errors("{\"type\":\"group\",\"name\":\"g\",\"member_ids\":\"" + UUID.randomUUID() + "\"}"));
        assertEquals(List.of("member_ids[1]", "member_ids[2]"), errors("{\"type\":\"group\",\"name\":\"g\",\"member_ids\":[\""
                + UUID.randomUUID() + "\",\"nope\",7]}"));
    }

    @Test
    void groupHasAtMost256Members() {
        String ids = IntStream.range(0, 257).mapToObj(i -> "\"" + UUID.randomUUID() + "\"").collect(Collectors.joining(","));
        assertEquals(List.of("member_ids"), errors("{\"type\":\"group\",\"name\":\"g\",\"member_ids\":[" + ids + "]}"));
    }

    private static NewConversation parse(String body) throws Exception {
        return NewConversation.parse(Json.MAPPER.readTree(body));
    }

    private static List<String> errors(String body) {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> parse(body));
        return problem.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void groupNameIsOneLineOfValidUnicode() {
        assertEquals(List.of("name"), errors("{\"type\":\"group\",\"name\":\"bad \\ud800\",\"member_ids\":[]}"));
        assertEquals(List.of("name"), errors("{\"type\":\"group\",\"name\":\"two\\nlines\",\"member_ids\":[]}"));
        assertEquals(List.of("name"), errors("{\"type\":\"group\",\"name\":\"nul\\u0000\",\"member_ids\":[]}"));
        assertEquals(List.of("name"), errors("{\"type\":\"group\",\"name\":\"\\u200b\",\"member_ids\":[]}"));
    }
}
