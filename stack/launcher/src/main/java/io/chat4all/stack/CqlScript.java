package io.chat4all.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a CQL script into statements, because the driver executes one statement at a time.
 * Statements end at ';'. Comments ({@code --}, {@code //}, {@code /* *}{@code /}) are dropped; quoted text
 * ('string', "identifier") is kept verbatim, so a ';' or "--" inside quotes does not split or cut a statement.
 */
final class CqlScript {

    private CqlScript() {
    }

    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '\'' || c == '"') {
                int end = endOfQuoted(script, i);
                current.append(script, i, end);
                i = end;
            } else if (script.startsWith("--", i) || script.startsWith("//", i)) {
                i = indexOrEnd(script, "\n", i);
            } else if (script.startsWith("/*", i)) {
                i = indexOrEnd(script, "*/", i + 2) + 2;
                current.append(' ');
            } else if (c == ';') {
                addIfNotBlank(statements, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        addIfNotBlank(statements, current);
        return statements;
    }

    /** The index just past the quote closing the one at {@code start}; a doubled quote is an escaped quote. */
    private static int endOfQuoted(String script, int start) {
        char quote = script.charAt(start);
        int i = start + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unterminated " + quote + " quote starting at offset " + start);
    }

    private static int indexOrEnd(String script, String token, int from) {
        int index = script.indexOf(token, from);
        return index < 0 ? script.length() : index;
    }

    private static void addIfNotBlank(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty()) {
            statements.add(text);
        }
    }
}
