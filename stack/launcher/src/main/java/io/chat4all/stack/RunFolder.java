package io.chat4all.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code <home>/run}: one pid file per running process ({@code launcher.pid}, {@code kafka.pid}, ...).
 * A pid file is trusted only if its process started before the file was written, so a pid the OS has since
 * reused for an unrelated process is never reported as ours, let alone signalled.
 */
final class RunFolder {

    static final String LAUNCHER = "launcher";

    /** Slack for the coarse clocks behind process start times and file times. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

    private final Path dir;

    RunFolder(Path dir) {
        this.dir = dir;
    }

    Path pidFile(String name) {
        return dir.resolve(name + ".pid");
    }

    /** The live process recorded in {@code <name>.pid}, if any. */
    Optional<ProcessHandle> process(String name) {
        Path pidFile = pidFile(name);
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Instant written = Files.getLastModifiedTime(pidFile).toInstant();
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().startInstant()
                            .map(started -> started.isBefore(written.plus(CLOCK_SLACK)))
                            .orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Records this JVM as the home's launcher; fails if another live launcher holds it. Drops stale pid files and
     * the previous run's {@link Incidents}.
     */
    void claimLauncher(Path home) {
        long self = ProcessHandle.current().pid();
        process(LAUNCHER).filter(other -> other.pid() != self).ifPresent(other -> {
            throw new StackException("a stack is already running from " + home + " (launcher pid " + other.pid()
                    + "); stop it with ./chat4all down, or set CHAT4ALL_HOME to use another folder");
        });
        deleteStalePidFiles();
        incidents().clearAll();
        write(LAUNCHER, self);
    }

    /** What went wrong in this home's current or last run. */
    Incidents incidents() {
        return new Incidents(dir);
    }

    /** Removes {@code launcher.pid} if it names this JVM. */
    void releaseLauncher() {
        if (process(LAUNCHER).map(ProcessHandle::pid).filter(pid -> pid == ProcessHandle.current().pid()).isPresent()) {
            try {
                Files.deleteIfExists(pidFile(LAUNCHER));
            } catch (IOException e) {
                // Harmless: the next claim finds no live process behind it.
            }
        }
    }

    /** Deletes pid files whose process is gone, left behind by a launcher that was killed. */
    void deleteStalePidFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".pid") && process(name.substring(0, name.length() - ".pid".length())).isEmpty()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (NoSuchFileException e) {
            // First run: no run folder yet.
        } catch (IOException e) {
            throw new StackException("cannot clean " + dir + ": " + e.getMessage(), e);
        }
    }

    private void write(String name, long pid) {
        try {
            Files.createDirectories(dir);
            Files.writeString(pidFile(name), pid + System.lineSeparator());
        } catch (IOException e) {
            throw new StackException("cannot write " + pidFile(name) + ": " + e.getMessage(), e);
        }
    }
}
