package io.chat4all.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts real child JVMs (this test's own JDK and classpath) through the launcher's guard. */
class ChildProcessTest {

    @TempDir
    Path home;

    @Test
    void aChildExitsWhenItsParentDiesEvenBySigkill() throws Exception {
        // The guard watches the pid it is given: a stand-in parent that we can SIGKILL.
        Process parent = new ProcessBuilder(TestMains.THIS_JDK.javaExecutable().toString(), "-cp", testClasspath(),
                TestMains.Block.class.getName()).start();
        try {
            Process child = new ProcessBuilder(TestMains.THIS_JDK.javaExecutable().toString(), "-cp", testClasspath(),
                    ExitWithParent.class.getName(), Long.toString(parent.pid()), TestMains.Block.class.getName())
                    .redirectErrorStream(true).start();
            assertEquals("blocking", new String(child.getInputStream().readNBytes(8)));

            parent.destroyForcibly().waitFor();

            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child outlived its parent");
            assertEquals(0, child.exitValue());
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void aChildThatDiesWhileStartingFailsTheWaitWithItsLog() {
        ChildProcess child = launcher().launch(jvm("crasher", TestMains.Crash.class, List.of("bad", "config")));

        StackException failure = assertThrows(StackException.class, () -> Readiness.await(child, "become ready",
                Duration.ofSeconds(30), () -> false, () -> Optional.empty()));

        assertTrue(failure.getMessage().startsWith("crasher exited with code 3 before it could become ready"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("crashing: bad config"), failure.getMessage());
    }

    @Test
    void aChildThatNeverGetsReadyFailsAfterTheTimeoutNamingTheLastProbeError() {
        ChildProcess child = launcher().launch(jvm("sleeper", TestMains.Block.class, List.of()));
        try {
            StackException failure = assertThrows(StackException.class, () -> Readiness.await(child,
                    "become ready", Duration.ofMillis(600), () -> false, () -> {
                        throw new IOException("connection refused");
                    }));

            assertTrue(failure.getMessage().startsWith("sleeper did not become ready within 0 s; last probe error: "
                    + "java.io.IOException: connection refused"), failure.getMessage());
        } finally {
            child.kill();
        }
    }

    @Test
    void aJvmOutOfHeapExitsAndItsExitStatusSaysWhy() {
        ChildProcess child = launcher().launch(new ChildLauncher.JvmSpec("hog", TestMains.THIS_JDK,
                List.of("-Xmx32m", "-XX:+ExitOnOutOfMemoryError"), List.of(testClasspath()),
                TestMains.Hog.class.getName(), List.of(), Map.of()));

        assertTrue(child.exitsWithin(Duration.ofSeconds(30)), "the JVM kept running after OutOfMemoryError");
        assertEquals("code 3 (Terminating due to java.lang.OutOfMemoryError: Java heap space)", child.exitStatus());
    }

    @Test
    void aKilledChildsExitStatusNamesTheSignal() {
        ChildProcess child = launcher().launch(jvm("sleeper", TestMains.Block.class, List.of()));

        child.kill();

        assertEquals("code 137 (killed by signal 9)", child.exitStatus());
        assertTrue(child.stopRequested(), "a kill the launcher asked for is not a crash");
    }

    @Test
    void writesThePidFileWhileRunningAndAppendsOutputToTheLog() throws Exception {
        ChildProcess child = launcher().launch(jvm("sleeper", TestMains.Block.class, List.of()));
        Path pidFile = home.resolve("run/sleeper.pid");
        try {
            assertEquals(Long.toString(child.pid()), Files.readString(pidFile).strip());
            assertEquals(Optional.of(child.pid()), new RunFolder(home.resolve("run")).process("sleeper")
                    .map(ProcessHandle::pid));
            Readiness.await(child, "print", Duration.ofSeconds(20), () -> false,
                    () -> child.recentLog(5).contains("blocking") ? Optional.of(true) : Optional.empty());
        } finally {
            child.terminate();
            child.awaitExit(Duration.ofSeconds(10));
        }
        assertFalse(child.isAlive());
        assertTrue(Files.readString(home.resolve("logs/sleeper.log")).contains("blocking"));
        awaitDeleted(pidFile);
    }

    private ChildLauncher launcher() {
        StackConfig config = new StackConfig(Path.of("."), home, "127.0.0.1", StackPorts.defaults());
        return new ChildLauncher(config, new RunFolder(config.run()));
    }

    private static ChildLauncher.JvmSpec jvm(String name, Class<?> main, List<String> args) {
        return new ChildLauncher.JvmSpec(name, TestMains.THIS_JDK, List.of(), List.of(testClasspath()), main.getName(), args,
                Map.of());
    }

    private static String testClasspath() {
        return System.getProperty("java.class.path");
    }

    /** The pid file goes once the exit has been observed, which happens on another thread. */
    private static void awaitDeleted(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(Files.exists(file), file + " still exists");
    }
}
