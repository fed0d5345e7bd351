package io.chat4all.contracts;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextRuleTest {
    private static final TextRule MULTI = TextRule.multiLine(10, TextRule.LengthUnit.UTF8_BYTES);
    private static final TextRule SINGLE = TextRule.singleLine(3, TextRule.LengthUnit.CODE_POINTS);

    @Test
    void unpairedSurrogatesAreRefusedWherePairsAreFine() {
        assertEquals(Optional.empty(), MULTI.problem("ok \uD83D\uDE00"), "a surrogate pair (an emoji) is one scalar value");
        assertProblem("must be valid Unicode text (unpaired surrogate U+D800 at index 4)", MULTI.problem("bad \uD800 x"));
        assertProblem("unpaired surrogate U+DC00 at index 0", MULTI.problem("\uDC00\uD800"));
        assertProblem("unpaired surrogate U+D83D at index 1", MULTI.problem("x\uD83D"));
    }

    @Test
    void controlCharactersAreRefusedButLineBreaksWhereTextSpansLines() {
        assertEquals(Optional.empty(), MULTI.problem("a\tb\r\nc"));
        assertProblem("must not contain control characters other than tab and line breaks (U+0000 at index 1)",
                MULTI.problem("a\u0000b"));
        assertProblem("(U+007F at index 0)", MULTI.problem("\u007Fx"));
        assertProblem("must not contain control characters (U+000A at index 1)", SINGLE.problem("a\nb"));
        assertProblem("(U+0009 at index 0)", SINGLE.problem("\tb"));
    }

    @Test
    void textThatShowsNothingIsBlank() {
        for (String blank : new String[] {"", "   ", "\n\t ", "\u200B", "\u00A0\u2003", "\uFEFF\u200D", "\u2028"}) {
            assertProblem("must not be blank", MULTI.problem(blank));
        }
        assertEquals(Optional.empty(), MULTI.problem("\u200Bx"));
    }

    @Test
    void lengthIsCountedInTheRulesUnit() {
        assertEquals(Optional.empty(), MULTI.problem("é".repeat(5)), "10 bytes");
        assertProblem("must be at most 10 bytes in UTF-8", MULTI.problem("é".repeat(5) + "x"));
        assertEquals(Optional.empty(), SINGLE.problem("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"), "3 code points, 6 chars");
        assertProblem("must be at most 3 characters", SINGLE.problem("abcd"));
    }

    private static void assertProblem(String expectedPart, Optional<String> problem) {
        assertTrue(problem.isPresent() && problem.get().contains(expectedPart), () -> "expected '" + expectedPart + "' in " + problem);
    }
}
