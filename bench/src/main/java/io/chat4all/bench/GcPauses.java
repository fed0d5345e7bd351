package io.chat4all.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collections a JVM logged with {@code -Xlog:gc} (one line per collection, its pause last), read from an offset so
 * one phase of a benchmark counts only its own. Pauses of every collector look alike:
 * {@code [12.345s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 50M->10M(256M) 3.456ms}.
 *
 * @param collections the pauses in the window
 * @param fullCollections those that were full collections ({@code Pause Full})
 * @param totalMillis the pauses' sum
 * @param maxMillis   the longest pause
 */
record GcPauses(int collections, int fullCollections, double totalMillis, double maxMillis) {
    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) Pause (\\w+).* ([0-9.]+)ms$");

    /** Where the log ends now: the offset the next {@link #since} starts from (0 when there is no log yet). */
    static long end(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The pauses logged after {@code offset}; none when the log is missing (a service started without it). */
    static GcPauses since(Path log, long offset) throws IOException {
        if (!Files.exists(log)) {
            return new GcPauses(0, 0, 0, 0);
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            // A restart replaces the file: then everything in it is new.
            long from = offset <= file.length() ? offset : 0;
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            return parse(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    static GcPauses parse(String lines) {
        int collections = 0;
        int full = 0;
        double total = 0;
        double max = 0;
        for (String line : lines.split("\n")) {
            Matcher pause = PAUSE.matcher(line.strip());
            if (pause.find()) {
                double millis = Double.parseDouble(pause.group(2));
                collections++;
                full += pause.group(1).equals("Full") ? 1 : 0;
                total += millis;
                max = Math.max(max, millis);
            }
        }
        return new GcPauses(collections, full, FixedRateSender.round(total), FixedRateSender.round(max));
    }
}
