package io.chat4all.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the api accepts, Kafka can carry and the router can store: every text {@link MessageEventCodec#TEXT_RULE}
 * accepts survives the event codec (the Kafka record value) and the Cassandra driver's text encoding unchanged.
 */
class TextRulePropertyTest {

    @Property(tries = 2_000)
    void acceptedTextRoundTripsThroughTheEventCodecAndACassandraBind(@ForAll("texts") String text) throws Exception {
        if (MessageEventCodec.TEXT_RULE.problem(text).isPresent()) {
            return;   // refused texts are the api's concern: see SendMessageRequestPropertyTest
        }
        MessageEvent event = new MessageEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Uuids.timeBased(),
                text, Instant.parse("2026-12-02T00:00:00Z"));
        assertEquals(event, MessageEventCodec.decode(MessageEventCodec.encode(event)));

        ByteBuffer bound = TypeCodecs.TEXT.encode(text, ProtocolVersion.DEFAULT);
        assertEquals(text, TypeCodecs.TEXT.decode(bound, ProtocolVersion.DEFAULT));
    }

    @Property(tries = 500)
    void textTheEncodingRuleAcceptsHasAnExactUtf8Form(@ForAll("texts") String text) {
        if (TextRule.encodingProblem(text).isPresent()) {
            return;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(text, new String(utf8, StandardCharsets.UTF_8));
        ByteBuffer bound = TypeCodecs.TEXT.encode(text, ProtocolVersion.DEFAULT);
        byte[] boundBytes = new byte[bound.remaining()];
        bound.duplicate().get(boundBytes);
        assertArrayEquals(utf8, boundBytes);
    }

    /** Why the rule exists: the driver cannot bind an unpaired surrogate, so such a text could never be stored. */
    @Example
    void theCassandraDriverRefusesAnUnpairedSurrogate() {
        assertThrows(RuntimeException.class, () -> TypeCodecs.TEXT.encode("bad \uD800 x", ProtocolVersion.DEFAULT));
    }

    /** Strings from every corner: any UTF-16 unit, the tricky ones often, emoji pairs, and texts near the size limit. */
    @Provide
    static Arbitrary<String> texts() {
        Arbitrary<String> tricky = Arbitraries.strings()
                .withChars('\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D', '\uDE00', '\u0000', '\u0001', '\t', '\n',
                        '\r', '\u001F', '\u007F', '\u0085', '\u200B', '\u200D', '\uFEFF', '\u2028', ' ', '\u00A0', 'a', 'é',
                        '中', '\uFFFD', '\uFFFF')
                .ofMaxLength(12);
        Arbitrary<String> emoji = Arbitraries.of("\uD83D\uDE00", "\uD83D\uDC4B\uD83C\uDFFD", "\uD83C\uDDE7\uD83C\uDDF7", "👨‍👩‍👧")
                .list().ofMaxSize(5).map(parts -> String.join("", parts));
        Arbitrary<String> nearLimit = Arbitraries.strings().withChars('é', 'a', '€').ofMinLength(3_400).ofMaxLength(10_300);
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(4, tricky),
                Tuple.of(2, emoji),
                Tuple.of(1, nearLimit));
    }
}
