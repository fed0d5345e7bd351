package io.chat4all.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The machine's CPU time from the {@code cpu} line of {@code /proc/stat}, in clock ticks of 1/100 s (Linux's
 * USER_HZ): how busy the whole machine was during a phase, and how much time the hypervisor gave to other guests
 * ({@code steal}). On a virtual machine a run that is slow for no reason of its own shows it here.
 *
 * @param busyTicks  user, nice, system, irq and softirq time, summed over the cores
 * @param stealTicks time a core was ready to run but the hypervisor ran someone else
 */
record HostCpu(long busyTicks, long stealTicks) {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final double TICKS_PER_SECOND = 100;

    /** Now; empty where there is no {@code /proc/stat} (not Linux). */
    static Optional<HostCpu> read() {
        try {
            return Files.exists(PROC_STAT) ? Optional.of(parse(Files.readAllLines(PROC_STAT).get(0))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code cpu  user nice system idle iowait irq softirq steal guest guest_nice}. */
    static HostCpu parse(String cpuLine) {
        long[] ticks = Arrays.stream(cpuLine.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
        return new HostCpu(ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6], ticks[7]);
    }

    /** Cores busy, on average, from {@code earlier} to this reading, {@code seconds} apart. */
    double busyCoresSince(HostCpu earlier, double seconds) {
        return (busyTicks - earlier.busyTicks) / TICKS_PER_SECOND / seconds;
    }

    /** Cores taken by the hypervisor, on average, from {@code earlier} to this reading. */
    double stealCoresSince(HostCpu earlier, double seconds) {
        return (stealTicks - earlier.stealTicks) / TICKS_PER_SECOND / seconds;
    }
}
