package io.chat4all.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GcPausesTest {

    @Test
    void countsEveryCollectorsPausesAndTellsFullOnesApart() {
        GcPauses pauses = GcPauses.parse("""
                [0.012s][info][gc] Using G1
                [1.500s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->5M(256M) 3.250ms
                [2.100s][info][gc] GC(1) Pause Remark 30M->30M(256M) 1.000ms
                [2.200s][info][gc] GC(2) Concurrent Mark Cycle 80.000ms
                [3.000s][info][gc] GC(3) Pause Full (G1 Compaction Pause) 300M->120M(384M) 250.750ms
                [4.000s][info][gc] GC(4) Pause Young (Allocation Failure) 70M->10M(123M) 2.000ms
                """);

        assertEquals(new GcPauses(4, 1, 257.0, 250.75), pauses,
                "a concurrent cycle is not a pause; Remark is, and only Pause Full is full");
    }

    @Test
    void readsOnlyWhatWasLoggedAfterTheOffset(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("api.gc.log");
        Files.writeString(log, "[1.0s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 2M->1M(8M) 5.000ms\n");
        long offset = GcPauses.end(log);
        Files.writeString(log, "[2.0s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 2M->1M(8M) 7.500ms\n",
                java.nio.file.StandardOpenOption.APPEND);

        assertEquals(new GcPauses(1, 0, 7.5, 7.5), GcPauses.since(log, offset));
        assertEquals(new GcPauses(0, 0, 0, 0), GcPauses.since(dir.resolve("missing.gc.log"), 0));
    }

    @Test
    void aLogReplacedByARestartIsReadWhole(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("router.gc.log");
        Files.writeString(log, "[1.0s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 2M->1M(8M) 4.000ms\n");

        assertEquals(1, GcPauses.since(log, 10_000).collections(), "an offset past the end means a new file");
    }
}
