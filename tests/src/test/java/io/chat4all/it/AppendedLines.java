package io.chat4all.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The complete lines a process appended to a file after a moment ({@link #from(Path)}): a test's own window of a log
 * that the whole run shares. A line still being written (no newline yet) is left out; a file that was rotated since
 * (now shorter than at the mark) is read from its start.
 */
final class AppendedLines {
    private final Path file;
    private final long offset;

    private AppendedLines(Path file, long offset) {
        this.file = file;
        this.offset = offset;
    }

    /** Marks the file's current end (a file that does not exist yet counts as empty). */
    static AppendedLines from(Path file) {
        try {
            return new AppendedLines(file, Files.exists(file) ? Files.size(file) : 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file() {
        return file;
    }

    List<String> lines() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            in.skipNBytes(size < offset ? 0 : offset);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : Arrays.asList(text.substring(0, end).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
