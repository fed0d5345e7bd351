package io.chat4all.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

    @TempDir
    Path home;

    @Test
    void claimsTheHomeForThisJvmAndReleasesIt() {
        RunFolder run = new RunFolder(home.resolve("run"));

        run.claimLauncher(home);
        assertEquals(Optional.of(ProcessHandle.current().pid()), run.process(RunFolder.LAUNCHER).map(ProcessHandle::pid));

        run.releaseLauncher();
        assertFalse(Files.exists(run.pidFile(RunFolder.LAUNCHER)));
    }

    @Test
    void aNewRunStartsWithoutThePreviousRunsIncidents() {
        RunFolder run = new RunFolder(home.resolve("run"));
        run.incidents().record("api", "exited unexpectedly with code 3");

        run.claimLauncher(home);

        assertEquals(Map.of(), run.incidents().all());
    }

    @Test
    void refusesAHomeHeldByAnotherLiveLauncher() throws IOException {
        RunFolder run = new RunFolder(Files.createDirectories(home.resolve("run")));
        long other = ProcessHandle.current().parent().orElseThrow().pid();
        Files.writeString(run.pidFile(RunFolder.LAUNCHER), other + "\n");

        String message = assertThrows(StackException.class, () -> run.claimLauncher(home)).getMessage();

        assertTrue(message.contains("already running") && message.contains("pid " + other), message);
    }

    @Test
    void ignoresAndCleansPidFilesOfProcessesThatAreGoneOrWereReplaced() throws IOException {
        RunFolder run = new RunFolder(Files.createDirectories(home.resolve("run")));
        Files.writeString(run.pidFile("kafka"), "999999999\n");
        // A live pid, but written long before that process started: the OS reused the number.
        Files.writeString(run.pidFile("cassandra"), ProcessHandle.current().pid() + "\n");
        Files.setLastModifiedTime(run.pidFile("cassandra"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));

        assertEquals(Optional.empty(), run.process("kafka"));
        assertEquals(Optional.empty(), run.process("cassandra"));

        run.claimLauncher(home);
        assertFalse(Files.exists(run.pidFile("kafka")));
        assertFalse(Files.exists(run.pidFile("cassandra")));
    }
}
