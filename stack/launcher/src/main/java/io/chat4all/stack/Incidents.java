package io.chat4all.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code <home>/run/incidents.properties}: what went wrong with each process in the current (or last) run of
 * {@code ./chat4all up}, for {@code ./chat4all status}, which runs in another JVM and may run after the stack has
 * stopped. One entry per process, the latest wins; {@code up} starts with an empty file.
 */
final class Incidents {

    private static final String FILE_NAME = "incidents.properties";

    /** When and what, e.g. "exited unexpectedly with code 3 (java.lang.OutOfMemoryError: Java heap space)". */
    record Incident(Instant at, String what) {
    }

    private final Path file;

    Incidents(Path runDir) {
        this.file = runDir.resolve(FILE_NAME);
    }

    synchronized void record(String process, String what) {
        Properties entries = load();
        entries.setProperty(process + ".at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        entries.setProperty(process + ".what", what);
        store(entries);
    }

    /** Forgets the process's incident, for example once it answers its health check again. */
    synchronized void clear(String process) {
        Properties entries = load();
        if (entries.containsKey(process + ".what")) {
            entries.remove(process + ".at");
            entries.remove(process + ".what");
            store(entries);
        }
    }

    /** Starts a run with no incidents. */
    synchronized void clearAll() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StackException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every recorded incident by process name. */
    synchronized Map<String, Incident> all() {
        Properties entries = load();
        Map<String, Incident> all = new TreeMap<>();
        for (String key : entries.stringPropertyNames()) {
            if (key.endsWith(".what")) {
                String process = key.substring(0, key.length() - ".what".length());
                incident(entries, process).ifPresent(incident -> all.put(process, incident));
            }
        }
        return all;
    }

    private static Optional<Incident> incident(Properties entries, String process) {
        String at = entries.getProperty(process + ".at");
        String what = entries.getProperty(process + ".what");
        if (at == null || what == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Incident(Instant.parse(at), what));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Properties load() {
        Properties entries = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            entries.load(reader);
        } catch (NoSuchFileException e) {
            // No incident yet.
        } catch (IOException e) {
            throw new StackException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** Written next to the file, then moved over it: a reader never sees half a file. */
    private void store(Properties entries) {
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling(FILE_NAME + ".next");
            try (Writer writer = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
                entries.store(writer, "Written by the Chat4All launcher; shown by ./chat4all status");
            }
            try {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new StackException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
