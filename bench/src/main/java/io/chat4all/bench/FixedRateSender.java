package io.chat4all.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Sends at a fixed arrival rate (the open model: users do not wait for each other), each send on its own virtual
 * thread, and measures each send's latency from its <em>scheduled</em> time, so a stalled server cannot hide its
 * stall by slowing the generator down (no coordinated omission).
 */
final class FixedRateSender {
    /** The outcome a send reports when the api accepted it. */
    static final String ACCEPTED = "202";

    private FixedRateSender() {
    }

    /**
     * What one sending phase saw: per-send latency from its scheduled time, outcomes (HTTP status, "timeout" or
     * "error: ..."), the accepted count, and the generator's own CPU time over the phase.
     */
    record Phase(long[] latencyNanos, Map<String, AtomicInteger> outcomes, int accepted, long start, long end,
                 Duration generatorCpu) {
        double seconds() {
            return (end - start) / 1e9;
        }
    }

    /** Calls {@code send} with 0 .. count-1 at {@code rate} per second; it returns the outcome of that send. */
    static Phase run(int count, int rate, IntFunction<String> send) {
        long[] latencyNanos = new long[count];
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicInteger accepted = new AtomicInteger();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        Duration cpuAtStart = generatorCpu();
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                long scheduled = start + i * intervalNanos;
                LockSupport.parkNanos(scheduled - System.nanoTime());
                int index = i;
                senders.submit(() -> {
                    String outcome = send.apply(index);
                    latencyNanos[index] = System.nanoTime() - scheduled;
                    outcomes.computeIfAbsent(outcome, s -> new AtomicInteger()).incrementAndGet();
                    if (outcome.equals(ACCEPTED)) {
                        accepted.incrementAndGet();
                    }
                });
            }
        }
        long end = System.nanoTime();
        return new Phase(latencyNanos, outcomes, accepted.get(), start, end, generatorCpu().minus(cpuAtStart));
    }

    /** CPU time this JVM has used so far, all threads (zero where the platform does not tell). */
    static Duration generatorCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double millis(long nanos) {
        return round(nanos / 1e6);
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
