package io.chat4all.stack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The ahead-of-time caches of the services and of Kafka (JDK 25 and later): the classes a JVM loads and links, and the
 * profiles of its hot methods, taken from a training run ({@code ./chat4all train}), so that a freshly started one
 * neither loads those classes from its jars nor profiles those methods from scratch.
 *
 * <p>A cache belongs to one classpath and one JDK: its file name carries a fingerprint of both (each jar by path, size
 * and modification time), so a rebuilt jar simply has no cache until the next training, instead of one the JVM would
 * refuse at every start.
 *
 * <p>Trained without the OpenTelemetry agent, used with it, as the agent's maintainers describe (their pull request
 * 20001): on JDK 25.0.3 a cache cannot be created from a run with a JVMTI agent (the assembly crashes, JDK-8380409);
 * a cache is refused when the run that uses it resolves other modules than the training did, which the agent's
 * {@code java.instrument} would; and once the agent appends its jar to the boot class path, the JVM shares only the
 * JDK's own classes ("Sharing is only supported for boot loader classes because bootstrap classpath has been
 * appended"). So every JVM of a cache's life, training, creation and use, with the agent or without, names that module
 * and has the agent's jar on its boot class path from the start ({@link #jvmOptions()}), which the agent then leaves
 * alone. That puts no agent class in the training run: a jar on the boot class path is only searched.
 */
final class AotCaches {
    /** The first JDK whose AOT cache holds method profiles as well as classes (JEP 515). */
    static final int MIN_FEATURE = 25;
    private static final String INSTRUMENT_MODULE = "--add-modules=java.instrument";
    private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(5);
    /** Hex digits of a fingerprint in a file name. */
    private static final int FINGERPRINT_LENGTH = 16;

    private final Path dir;
    private final Path agentJar;

    /** @param agentJar the OpenTelemetry agent's jar, on the boot class path of every JVM of a cache's life */
    AotCaches(Path dir, Path agentJar) {
        this.dir = dir;
        this.agentJar = agentJar;
    }

    /** {@code <user cache>/aot}: caches outlive a stack's home, and the load benchmark's homes are temporary. */
    static AotCaches inUserCache(Path agentJar) {
        return new AotCaches(UserCache.root().resolve("aot"), agentJar);
    }

    /**
     * What every service JVM of a cache's life runs with: its training, its creation and its use, with the agent or
     * without. (Kafka's JVM runs without the agent and needs none of this.)
     */
    List<String> jvmOptions() {
        return List.of(INSTRUMENT_MODULE, "-Xbootclasspath/a:" + agentJar);
    }

    static boolean supported(JdkFinder.Jdk jdk) {
        return jdk.version().feature() >= MIN_FEATURE;
    }

    /** {@code -XX:AOTCache=<file>} if a cache was trained for exactly this classpath and JDK; none otherwise. */
    List<String> useOptions(String instance, JdkFinder.Jdk jdk, List<String> classpath) {
        if (!supported(jdk)) {
            return List.of();
        }
        Path cache = cacheFile(instance, jdk, classpath);
        return Files.isRegularFile(cache) ? List.of("-XX:AOTCache=" + cache) : List.of();
    }

    /** Records what the run loads and profiles; the JVM writes it when it exits. */
    List<String> recordOptions(String instance, JdkFinder.Jdk jdk, List<String> classpath) {
        if (!supported(jdk)) {
            throw new StackException("AOT caches need Java " + MIN_FEATURE + " or newer; the services run on "
                    + jdk.version().feature());
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StackException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return List.of("-XX:AOTMode=record",
                "-XX:AOTConfiguration=" + file(instance, fingerprint(jdk, classpath), ".aotconf"));
    }

    /**
     * Turns a recorded run into the cache with a JVM of its own (it runs no application code), then deletes the
     * recording and the instance's caches for other classpaths. {@code options} are the service JVMs' (with
     * {@link #jvmOptions()}). Empty when there was no recording (the service did not run, or did not exit normally).
     *
     * @param log where that JVM's output goes
     */
    Optional<Path> create(String instance, JdkFinder.Jdk jdk, List<String> options, List<String> classpath, Path log) {
        String fingerprint = fingerprint(jdk, classpath);
        Path configuration = file(instance, fingerprint, ".aotconf");
        Path cache = file(instance, fingerprint, ".aot");
        try {
            if (!Files.isRegularFile(configuration) || Files.size(configuration) == 0) {
                return Optional.empty();
            }
            List<String> command = new ArrayList<>(List.of(jdk.javaExecutable().toString()));
            command.addAll(options);
            // No agent may attach to the JVM that assembles the cache (the agent's maintainers' advice, as above).
            command.addAll(List.of("-XX:+DisableAttachMechanism", "-XX:AOTMode=create",
                    "-XX:AOTConfiguration=" + configuration,
                    "-XX:AOTCache=" + cache, "-cp", String.join(File.pathSeparator, classpath)));
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(CREATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new StackException("creating " + cache + " took over " + CREATE_TIMEOUT.toMinutes()
                        + " minutes; see " + log);
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(cache)) {
                throw new StackException("creating " + cache + " failed (exit " + process.exitValue() + "); see " + log);
            }
            Files.delete(configuration);
            deleteOtherCaches(instance, cache);
            return Optional.of(cache);
        } catch (IOException e) {
            throw new StackException("cannot create " + cache + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while creating " + cache, e);
        }
    }

    Path cacheFile(String instance, JdkFinder.Jdk jdk, List<String> classpath) {
        return file(instance, fingerprint(jdk, classpath), ".aot");
    }

    private Path file(String instance, String fingerprint, String extension) {
        return dir.resolve(instance + "-" + fingerprint + extension);
    }

    private void deleteOtherCaches(String instance, Path keep) throws IOException {
        // Exactly one fingerprint after the name: "connector-*" would also match another instance's caches.
        String pattern = instance + "-" + "?".repeat(FINGERPRINT_LENGTH) + ".aot";
        try (DirectoryStream<Path> caches = Files.newDirectoryStream(dir, pattern)) {
            for (Path cache : caches) {
                if (!cache.equals(keep)) {
                    Files.delete(cache);
                }
            }
        }
    }

    /**
     * The JDK, and the agent's jar and each entry of the classpath (a {@code dir/*} wildcard as its jars) by path, size
     * and time.
     */
    String fingerprint(JdkFinder.Jdk jdk, List<String> classpath) {
        StringBuilder what = new StringBuilder(jdk.home() + " " + jdk.version().parts() + "\n");
        for (String entry : Stream.concat(Stream.of(agentJar.toString()), classpath.stream()).toList()) {
            for (Path file : expand(entry)) {
                what.append(file);
                try {
                    what.append(' ').append(Files.size(file)).append(' ').append(Files.getLastModifiedTime(file));
                } catch (IOException e) {
                    what.append(" missing");
                }
                what.append('\n');
            }
        }
        return sha256(what.toString().getBytes(StandardCharsets.UTF_8)).substring(0, FINGERPRINT_LENGTH);
    }

    private static List<Path> expand(String entry) {
        if (!entry.endsWith(File.separator + "*")) {
            return List.of(Path.of(entry));
        }
        try (Stream<Path> jars = Files.list(Path.of(entry.substring(0, entry.length() - 2)))) {
            return jars.filter(jar -> jar.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            return List.of(Path.of(entry));
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
