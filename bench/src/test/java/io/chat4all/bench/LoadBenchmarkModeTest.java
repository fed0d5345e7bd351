package io.chat4all.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadBenchmarkModeTest {

    @Test
    void aVariantRunsWithTheAgentAndEveryVariableWhoseValuesMayHoldSpacesAndEquals() {
        LoadBenchmark.Mode variant = LoadBenchmark.Mode.variant(
                "JAVA_TOOL_OPTIONS=-XX:+UseSerialGC -XX:MaxTenuringThreshold=1; OTEL_BSP_SCHEDULE_DELAY=500");

        assertTrue(variant.agent());
        assertEquals(Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC -XX:MaxTenuringThreshold=1",
                "OTEL_BSP_SCHEDULE_DELAY", "500"), variant.environment());
    }

    @Test
    void aPairWithoutANameOrNoPairAtAllIsAUsageError() {
        assertThrows(IllegalArgumentException.class, () -> LoadBenchmark.Mode.variant("=500"));
        assertThrows(IllegalArgumentException.class, () -> LoadBenchmark.Mode.variant("SERIAL"));
        assertThrows(IllegalArgumentException.class, () -> LoadBenchmark.Mode.variant(" ; "));
    }

    @Test
    void eachRoundStartsWithTheNextModeSoNoModeAlwaysRunsFirst() {
        LoadBenchmark.Mode on = LoadBenchmark.Mode.ON;
        LoadBenchmark.Mode variant = LoadBenchmark.Mode.variant("A=1");
        LoadBenchmark.Mode off = LoadBenchmark.Mode.OFF;

        assertEquals(List.of(on, variant), LoadBenchmark.orderInRound(List.of(on, variant), 1));
        assertEquals(List.of(variant, on), LoadBenchmark.orderInRound(List.of(on, variant), 2));
        assertEquals(List.of(on, variant), LoadBenchmark.orderInRound(List.of(on, variant), 3));
        assertEquals(List.of(off, on, variant), LoadBenchmark.orderInRound(List.of(on, variant, off), 3));
        assertEquals(List.of(on), LoadBenchmark.orderInRound(List.of(on), 2));
    }

    @Test
    void telemetryModesAreOnAndOffOnly() {
        assertEquals(LoadBenchmark.Mode.ON, LoadBenchmark.Mode.telemetry(" On"));
        assertEquals(LoadBenchmark.Mode.OFF, LoadBenchmark.Mode.telemetry("off"));
        assertThrows(IllegalArgumentException.class, () -> LoadBenchmark.Mode.telemetry("maybe"));
    }
}
