package io.chat4all.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM: output appended to its log file, pid in its pid file while it runs.
 * Remembers where its log started, so failures quote this run's lines only.
 */
final class ChildProcess {

    private static final int LOG_LINES_WITH_EXIT_CAUSE = 50;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final long logStart;
    private final long startedNanos;
    private volatile boolean stopRequested;

    private ChildProcess(String name, Process process, Path logFile, long logStart, long startedNanos) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.logStart = logStart;
        this.startedNanos = startedNanos;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
                              Path logFile, Path pidFile) {
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidFile.getParent());
            long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            Files.writeString(logFile, "==== " + Instant.now() + " starting " + name + ": " + String.join(" ", command)
                    + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);

            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            long startedNanos = System.nanoTime();
            Process process = builder.start();

            Files.writeString(pidFile, process.pid() + System.lineSeparator());
            process.onExit().thenRun(() -> deleteIfOurs(pidFile, process.pid()));
            return new ChildProcess(name, process, logFile, logStart, startedNanos);
        } catch (IOException e) {
            throw new StackException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code, or -1 while running. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /**
     * How it ended, for reports: "code 1", "code 137 (killed by signal 9)", or
     * "code 3 (Terminating due to java.lang.OutOfMemoryError: Java heap space)" when its log says why.
     */
    String exitStatus() {
        int code = exitCode();
        String status = "code " + code;
        if (code > 128 && code <= 128 + 64) {
            return status + " (killed by signal " + (code - 128) + ")";
        }
        return outOfMemoryLine().map(line -> status + " (" + line + ")").orElse(status);
    }

    /** Time since this process was started. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** True once {@link #terminate()} or {@link #kill()} was called: an exit after that is not a crash. */
    boolean stopRequested() {
        return stopRequested;
    }

    /** Runs {@code action} when the process exits. */
    void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    /** Sends SIGTERM; the process runs its shutdown hooks. */
    void terminate() {
        stopRequested = true;
        process.destroy();
    }

    /** Waits up to {@code timeout} for the process to exit; true if it did. */
    boolean exitsWithin(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits up to {@code grace} for the exit that {@link #terminate()} asked for, then kills. */
    void awaitExit(Duration grace) {
        if (!exitsWithin(grace)) {
            kill();
        }
    }

    /** SIGKILL, and waits for the exit. */
    void kill() {
        stopRequested = true;
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines this run wrote to its log, for error messages. */
    String recentLog(int maxLines) {
        try {
            byte[] all = Files.readAllBytes(logFile);
            String text = new String(all, (int) Math.min(logStart, all.length),
                    (int) Math.max(0, all.length - logStart), StandardCharsets.UTF_8);
            List<String> lines = Arrays.asList(text.split("\\R"));
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    Path logFile() {
        return logFile;
    }

    /** The JVM's last word on an OutOfMemoryError (-XX:+ExitOnOutOfMemoryError prints "Terminating due to ..."). */
    private Optional<String> outOfMemoryLine() {
        try {
            return recentLog(LOG_LINES_WITH_EXIT_CAUSE).lines()
                    .filter(line -> line.contains(OutOfMemoryError.class.getName()))
                    .reduce((first, second) -> second)
                    .map(String::strip);
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static void deleteIfOurs(Path pidFile, long pid) {
        try {
            // A restart may already have written the next process's pid here.
            if (Files.exists(pidFile) && Files.readString(pidFile).strip().equals(Long.toString(pid))) {
                Files.delete(pidFile);
            }
        } catch (IOException e) {
            // A stale pid file is harmless: RunFolder checks that the process behind it is really ours.
        }
    }
}
