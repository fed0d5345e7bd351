package io.chat4all.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A cache is found only for the classpath it was trained on, and a recorded run becomes one that the next run uses. */
class AotCachesTest {
    /** Built before the launcher (its module comes first). */
    private static final Path AGENT = Path.of("../otel-agent/target/opentelemetry-javaagent.jar").toAbsolutePath()
            .normalize();

    @TempDir
    Path dir;

    @Test
    void theFingerprintFollowsEveryJarOfAWildcard() throws IOException {
        Path libs = Files.createDirectories(dir.resolve("libs"));
        Path jar = jar(libs.resolve("a.jar"), TestMains.Greet.class);
        List<String> classpath = List.of(libs + "/*");
        Path agent = jar(dir.resolve("agent.jar"), TestMains.Block.class);
        AotCaches caches = new AotCaches(dir.resolve("aot"), agent);
        String before = caches.fingerprint(TestMains.THIS_JDK, classpath);

        assertEquals(before, caches.fingerprint(TestMains.THIS_JDK, classpath), "the same jars, the same fingerprint");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        String touched = caches.fingerprint(TestMains.THIS_JDK, classpath);
        assertNotEquals(before, touched, "a rebuilt jar");
        jar(libs.resolve("b.jar"), TestMains.Block.class);
        String more = caches.fingerprint(TestMains.THIS_JDK, classpath);
        assertNotEquals(touched, more, "a jar more");
        Files.setLastModifiedTime(agent, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertNotEquals(more, caches.fingerprint(TestMains.THIS_JDK, classpath), "another agent on the boot class path");
    }

    @Test
    void aServiceIsToldOfACacheOnlyIfOneWasTrainedForItsClasspath() throws IOException {
        assumeTrue(AotCaches.supported(TestMains.THIS_JDK), "AOT caches need Java 25");
        AotCaches caches = new AotCaches(dir.resolve("aot"), AGENT);
        Path jar = jar(dir.resolve("app.jar"), TestMains.Greet.class);
        List<String> classpath = List.of(jar.toString());
        assertEquals(List.of(), caches.useOptions("api", TestMains.THIS_JDK, classpath));

        Path cache = caches.cacheFile("api", TestMains.THIS_JDK, classpath);
        Files.createDirectories(cache.getParent());
        Files.writeString(cache, "trained");
        assertEquals(List.of("-XX:AOTCache=" + cache), caches.useOptions("api", TestMains.THIS_JDK, classpath));
        assertEquals(List.of(), caches.useOptions("router", TestMains.THIS_JDK, classpath), "another service's cache");

        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertEquals(List.of(), caches.useOptions("api", TestMains.THIS_JDK, classpath), "trained on the jar before its rebuild");
    }

    @Test
    void aRecordedRunBecomesTheCacheTheNextRunLoadsItsClassesFromWithTheAgentToo() throws Exception {
        assumeTrue(AotCaches.supported(TestMains.THIS_JDK), "AOT caches need Java 25");
        assertTrue(Files.isRegularFile(AGENT), "the agent is built before the launcher: " + AGENT);
        AotCaches caches = new AotCaches(dir.resolve("aot"), AGENT);
        List<String> classpath = List.of(jar(dir.resolve("app.jar"), TestMains.Greet.class).toString());
        Path older = Files.writeString(Files.createDirectories(dir.resolve("aot")).resolve("greet-0123456789abcdef.aot"),
                "a cache of an older build");
        Path otherInstance = Files.writeString(dir.resolve("aot/greet-twice-0123456789abcdef.aot"), "not greet's");

        List<String> training = new ArrayList<>(caches.jvmOptions());
        training.addAll(caches.recordOptions("greet", TestMains.THIS_JDK, classpath));
        String trained = run(training, classpath);
        assertTrue(trained.contains("hello from"), trained);

        Path cache = caches.create("greet", TestMains.THIS_JDK, caches.jvmOptions(), classpath,
                dir.resolve("logs/greet.aot.log")).orElseThrow();
        assertEquals(caches.cacheFile("greet", TestMains.THIS_JDK, classpath), cache);
        assertFalse(Files.exists(older), "the older build's cache is gone");
        assertTrue(Files.exists(otherInstance), "another instance's cache stays");
        try (var left = Files.list(dir.resolve("aot"))) {
            assertFalse(left.anyMatch(file -> file.toString().endsWith(".aotconf")), "the recording is deleted");
        }

        String shared = TestMains.Greet.class.getName() + " source: shared objects file";
        List<String> warm = new ArrayList<>(caches.jvmOptions());
        warm.addAll(caches.useOptions("greet", TestMains.THIS_JDK, classpath));
        warm.add("-Xlog:class+load=info");
        String withoutAgent = run(warm, classpath);
        assertTrue(withoutAgent.contains(shared), withoutAgent);

        // With the agent, as services run: it must find its jar on the boot class path and leave that alone, or the
        // JVM shares the JDK's classes only ("Sharing is only supported for boot loader classes ...").
        warm.addAll(0, List.of("-javaagent:" + AGENT, "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none",
                "-Dotel.logs.exporter=none"));
        String withAgent = run(warm, classpath);
        assertTrue(withAgent.contains("opentelemetry-javaagent - version"), "the agent ran: " + withAgent);
        assertFalse(withAgent.contains("Sharing is only supported"), withAgent);
        assertTrue(withAgent.contains(shared), withAgent);
    }

    /** Runs {@link TestMains.Greet} to its end and returns what it printed. */
    private String run(List<String> options, List<String> classpath) throws Exception {
        List<String> command = new ArrayList<>(List.of(TestMains.THIS_JDK.javaExecutable().toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classpath),
                TestMains.Greet.class.getName()));
        Path output = dir.resolve("run-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the run ended");
        String printed = Files.readString(output);
        assertEquals(0, process.exitValue(), printed);
        return printed;
    }

    /** A jar of the given classes: an AOT cache takes jars only, no folders of classes. */
    private static Path jar(Path file, Class<?>... classes) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            for (Class<?> type : classes) {
                String name = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(name));
                try (InputStream bytes = type.getClassLoader().getResourceAsStream(name)) {
                    bytes.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return file;
    }
}
