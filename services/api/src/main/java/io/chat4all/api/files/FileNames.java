package io.chat4all.api.files;

import java.util.Optional;

import io.chat4all.contracts.TextRule;

/**
 * The name a file is shown under, from the one its uploader gave. It is only ever shown (storage keys are file ids),
 * but it ends up in {@code Content-Disposition} headers and on other people's screens and disks, so:
 * only its last path segment is kept ({@code ../../etc/passwd} becomes {@code passwd}, {@code C:\x\a.txt}
 * becomes {@code a.txt}), and it must then pass a single-line {@link TextRule} (valid Unicode, no control
 * characters, not blank, at most 255 bytes of UTF-8), and not be {@code .} or {@code ..}.
 */
final class FileNames {
    static final int MAX_BYTES = 255;
    private static final TextRule RULE = TextRule.singleLine(MAX_BYTES, TextRule.LengthUnit.UTF8_BYTES);

    private FileNames() {
    }

    /** The name to store, or what is wrong with the given one. */
    static Result sanitize(String given) {
        String lastSegment = given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1).strip();
        if (lastSegment.equals(".") || lastSegment.equals("..")) {
            return new Result(Optional.empty(), Optional.of("must name a file, not a folder"));
        }
        Optional<String> problem = RULE.problem(lastSegment);
        return problem.isPresent()
                ? new Result(Optional.empty(), problem)
                : new Result(Optional.of(lastSegment), Optional.empty());
    }

    record Result(Optional<String> name, Optional<String> problem) {
    }
}
