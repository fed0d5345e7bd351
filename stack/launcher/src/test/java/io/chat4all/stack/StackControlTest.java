package io.chat4all.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackControlTest {

    @TempDir
    Path home;

    @Test
    void statusShowsWhatWentWrongUnderTheProcessItHappenedTo() {
        StackConfig config = new StackConfig(Path.of("."), home, "127.0.0.1", StackPorts.free());
        Incidents incidents = new RunFolder(config.run()).incidents();
        incidents.record("api", "exited unexpectedly with code 3 (Terminating due to java.lang.OutOfMemoryError:"
                + " Java heap space); see " + home.resolve("logs/api.log"));
        incidents.record(RunFolder.LAUNCHER, "stopped the stack: api exited unexpectedly with code 3");
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        new StackControl(config, new PrintStream(output, true, StandardCharsets.UTF_8)).status();

        List<String> lines = output.toString(StandardCharsets.UTF_8).lines().toList();
        // The name column is as wide as the longest process name of the table.
        assertTrue(lines.get(0).matches("launcher +stopped"), lines.get(0));
        assertTrue(lines.get(1).matches(" +\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z: stopped the stack: api exited"
                + " unexpectedly with code 3"), lines.get(1));
        int api = indexOfMatch(lines, "api +stopped");
        assertTrue(api > 0, lines.toString());
        assertTrue(lines.get(api + 1).endsWith("Z: exited unexpectedly with code 3 (Terminating due to"
                + " java.lang.OutOfMemoryError: Java heap space); see " + home.resolve("logs/api.log")),
                lines.get(api + 1));
        assertTrue(lines.get(api + 2).matches("router +stopped"), "no incident, no extra line: " + lines.get(api + 2));
    }

    private static int indexOfMatch(List<String> lines, String regex) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(regex)) {
                return i;
            }
        }
        return -1;
    }
}
