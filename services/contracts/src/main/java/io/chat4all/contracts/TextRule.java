package io.chat4all.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for text that the system stores, carries on Kafka or puts in a token: message texts, group names,
 * usernames, passwords. What it accepts, every hop can carry: Kafka takes bytes, the Cassandra driver encodes text as
 * strict UTF-8 and refuses what UTF-8 cannot express, and JSON readers on the way back expect the same.
 *
 * <ul>
 *   <li>Unicode scalar values only: an unpaired UTF-16 surrogate (a JSON escape like {@code \ud800}) has no UTF-8
 *       form.</li>
 *   <li>No C0 control characters (U+0000 to U+001F) and no DEL, except tab, line feed and carriage return where
 *       text may span lines.</li>
 *   <li>Not blank once whitespace and invisible format characters (zero-width space, joiners, BOM: Unicode category
 *       Cf) are set aside.</li>
 *   <li>At most {@code maxLength} in the rule's unit: UTF-8 bytes where storage size matters, code points where a
 *       person counts characters.</li>
 * </ul>
 *
 * @param multiLine whether tab, line feed and carriage return are allowed
 * @param maxLength the largest length, in {@code unit}
 * @param unit      how length is counted
 */
public record TextRule(boolean multiLine, int maxLength, LengthUnit unit) {

    /** How a rule counts length. */
    public enum LengthUnit {
        UTF8_BYTES("bytes in UTF-8"),
        CODE_POINTS("characters");

        private final String label;

        LengthUnit(String label) {
            this.label = label;
        }

        int measure(String text) {
            return this == UTF8_BYTES
                    ? text.getBytes(StandardCharsets.UTF_8).length   // exact: the text holds no unpaired surrogate here
                    : text.codePointCount(0, text.length());
        }
    }

    public TextRule {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive, got " + maxLength);
        }
    }

    public static TextRule singleLine(int maxLength, LengthUnit unit) {
        return new TextRule(false, maxLength, unit);
    }

    public static TextRule multiLine(int maxLength, LengthUnit unit) {
        return new TextRule(true, maxLength, unit);
    }

    /** What is wrong with the text under this rule, phrased to follow the field's name; empty when it is fine. */
    public Optional<String> problem(String text) {
        Optional<String> encoding = encodingProblem(text);
        if (encoding.isPresent()) {
            return encoding;
        }
        boolean visible = false;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (isForbiddenControl(codePoint)) {
                return Optional.of("must not contain control characters"
                        + (multiLine ? " other than tab and line breaks" : "") + " (" + describe(codePoint)
                        + " at index " + i + ")");
            }
            visible |= !isInvisible(codePoint);
            i += Character.charCount(codePoint);
        }
        if (!visible) {
            return Optional.of("must not be blank");
        }
        if (unit.measure(text) > maxLength) {
            return Optional.of("must be at most " + maxLength + " " + unit.label);
        }
        return Optional.empty();
    }

    /**
     * Whether the text is a sequence of Unicode scalar values, the minimum every stored or forwarded string must meet
     * (an unpaired surrogate cannot be encoded in UTF-8); empty when it is.
     */
    public static Optional<String> encodingProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;   // a valid pair
            } else if (Character.isSurrogate(c)) {
                return Optional.of("must be valid Unicode text (unpaired surrogate " + describe(c) + " at index " + i + ")");
            }
        }
        return Optional.empty();
    }

    private boolean isForbiddenControl(int codePoint) {
        if (codePoint == '\t' || codePoint == '\n' || codePoint == '\r') {
            return !multiLine;
        }
        return codePoint < 0x20 || codePoint == 0x7F;
    }

    /** Whitespace (including no-break spaces) and format characters: they show nothing on their own. */
    private static boolean isInvisible(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || Character.getType(codePoint) == Character.FORMAT;
    }

    private static String describe(int codePoint) {
        return String.format(Locale.ROOT, "U+%04X", codePoint);
    }
}
