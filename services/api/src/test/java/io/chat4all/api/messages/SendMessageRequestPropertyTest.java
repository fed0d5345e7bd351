package io.chat4all.api.messages;

import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.Json;
import io.chat4all.contracts.MessageEventCodec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The api's half of "what the api accepts, the router can store": a text the rule refuses is a 400 naming
 * {@code text} (never another failure), and a text it accepts is taken unchanged. The other half, that accepted texts
 * survive the event codec and a Cassandra bind, is {@code TextRulePropertyTest} in common.
 */
class SendMessageRequestPropertyTest {

    @Property(tries = 2_000)
    void refusedTextIsA400NamingTextAndAcceptedTextIsKeptAsSent(@ForAll("texts") String text) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("conversation_id", UUID.randomUUID().toString())
                .put("text", text);
        if (MessageEventCodec.TEXT_RULE.problem(text).isPresent()) {
            ApiProblem problem = assertThrows(ApiProblem.class, () -> SendMessageRequest.parse(body));
            assertEquals(400, problem.status().code());
            assertEquals("text", problem.errors().getFirst().field());
        } else {
            assertEquals(text, SendMessageRequest.parse(body).text());
        }
    }

    @Provide
    static Arbitrary<String> texts() {
        Arbitrary<String> tricky = Arbitraries.strings()
                .withChars('\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D', '\uDE00', '\u0000', '\u0008', '\t', '\n',
                        '\r', '\u007F', '\u200B', '\uFEFF', ' ', '\u00A0', 'a', 'é', '\uFFFF')
                .ofMaxLength(12);
        Arbitrary<String> large = Arbitraries.strings().withChars('é', 'a').ofMinLength(5_000).ofMaxLength(10_300);
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(4, tricky),
                Tuple.of(1, large));
    }
}
