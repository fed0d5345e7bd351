package io.chat4all.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostCpuTest {

    @Test
    void busyIsUserNiceSystemIrqAndSoftirqAndStealIsItsOwn() {
        HostCpu cpu = HostCpu.parse("cpu  356113 7 62903 1580229 1068 11 2253 7313 0 0");
        assertEquals(356113 + 7 + 62903 + 11 + 2253, cpu.busyTicks(), "idle and iowait are not busy");
        assertEquals(7313, cpu.stealTicks());
    }

    @Test
    void coresAreTicksPerSecondOverTheWindow() {
        HostCpu before = HostCpu.parse("cpu  1000 0 0 0 0 0 0 100 0 0");
        HostCpu after = HostCpu.parse("cpu  4000 0 1000 0 0 0 0 300 0 0");
        assertEquals(2.0, after.busyCoresSince(before, 20), 1e-9, "4,000 ticks in 20 s: two cores");
        assertEquals(0.1, after.stealCoresSince(before, 20), 1e-9);
    }

    @Test
    void thisMachineHasAReading() {
        // The benchmarks run on Linux; elsewhere the figure is simply absent.
        assertTrue(HostCpu.read().isPresent() || !System.getProperty("os.name").contains("Linux"));
    }
}
