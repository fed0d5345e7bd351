package io.chat4all.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds the programs of the telemetry pipeline: the Collector and Jaeger, built from their Go modules by the project's
 * scripts (a cached binary comes back at once; the first build takes a few minutes), and Prometheus, an installed
 * program. What cannot be found is named with how to get it.
 *
 * @param collector  {@code chat4all-otelcol}, from {@code otel/build-collector.sh}
 * @param traceStore {@code jaeger}, from {@code tracestore/build-jaeger.sh}
 * @param prometheus {@code $CHAT4ALL_PROMETHEUS}, or {@code prometheus} on the PATH
 * @param missing    one line per program not found: what it is, why, and how to get it
 */
record TelemetryBinaries(Optional<Path> collector, Optional<Path> traceStore, Optional<Path> prometheus,
                         List<String> missing) {

    private static final long BUILD_TIMEOUT_MINUTES = 20;

    /** Builds (or finds cached) the Collector and Jaeger side by side, and looks for Prometheus. */
    static TelemetryBinaries find(Path projectRoot, Map<String, String> env, StackProgress progress) {
        // Added to by both builds, on their own threads.
        List<String> missing = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Optional<Path>> collector = CompletableFuture.supplyAsync(() ->
                build(projectRoot.resolve("otel/build-collector.sh"), "the OpenTelemetry Collector", progress, missing));
        CompletableFuture<Optional<Path>> traceStore = CompletableFuture.supplyAsync(() ->
                build(projectRoot.resolve("tracestore/build-jaeger.sh"), "Jaeger (the trace store)", progress, missing));
        Optional<Path> prometheus = prometheus(env);
        if (prometheus.isEmpty()) {
            missing.add("Prometheus: not on the PATH. Install it (Debian/Ubuntu: apt-get install prometheus; macOS:"
                    + " brew install prometheus; or https://prometheus.io/download) or point CHAT4ALL_PROMETHEUS at"
                    + " the binary.");
        }
        return new TelemetryBinaries(collector.join(), traceStore.join(), prometheus, List.copyOf(missing));
    }

    /** Runs a build script; it prints the binary's path on stdout, its progress and failure on stderr. */
    private static Optional<Path> build(Path script, String what, StackProgress progress, List<String> missing) {
        Process process;
        try {
            process = new ProcessBuilder("bash", script.toString()).start();
        } catch (IOException e) {
            missing.add(what + ": cannot run " + script + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
                StringBuilder lines = new StringBuilder();
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)).lines().forEach(line -> {
                            lines.append(line).append(System.lineSeparator());
                            if (line.contains("building") || line.contains("built in")) {
                                progress.report("telemetry", line);
                            }
                        });
                return lines.toString();
            });
            String stdout = read(process.getInputStream());
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                missing.add(what + ": " + script + " did not finish within " + BUILD_TIMEOUT_MINUTES + " minutes");
                return Optional.empty();
            }
            String errors = stderr.join().strip();
            Path binary = stdout.isBlank() ? null : Path.of(stdout.strip().lines().reduce((a, b) -> b).orElseThrow());
            if (process.exitValue() != 0 || binary == null || !Files.isExecutable(binary)) {
                missing.add(what + ": " + (errors.isEmpty() ? script + " failed" : errors.replace(
                        System.lineSeparator(), " ")));
                return Optional.empty();
            }
            return Optional.of(binary);
        } catch (IOException e) {
            missing.add(what + ": " + script + " failed (" + e.getMessage() + ")");
            return Optional.empty();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while building " + what, e);
        }
    }

    private static Optional<Path> prometheus(Map<String, String> env) {
        String configured = env.get("CHAT4ALL_PROMETHEUS");
        if (configured != null && !configured.isBlank()) {
            Path binary = Path.of(configured.strip());
            return Files.isExecutable(binary) ? Optional.of(binary) : Optional.empty();
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "prometheus"))) {
                return Optional.of(Path.of(dir, "prometheus"));
            }
        }
        return Optional.empty();
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
