package io.chat4all.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
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
                 Duration generatorCpu, Instant startedAt, long intervalNanos) {
        double seconds() {
            return (end - start) / 1e9;
        }

        /** The wall-clock time send {@code index} was scheduled for: what server-side timestamps compare with. */
        Instant scheduledAt(int index) {
            return startedAt.plusNanos(index * intervalNanos);
        }
    }

    /**
     * Calls {@code send} with 0 .. count-1 at {@code rate} per second (it returns the outcome of that send), with at
     * most {@code maxInFlight} sends in flight (so at most that many connections, as behind a proxy's connection
     * pool): a send that finds them all taken waits for one, and that wait counts in its latency, which still runs
     * from its scheduled time.
     */
    static Phase run(int count, int rate, int maxInFlight, IntFunction<String> send) {
        Semaphore inFlight = new Semaphore(maxInFlight);
        long[] latencyNanos = new long[count];
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicInteger accepted = new AtomicInteger();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        Duration cpuAtStart = generatorCpu();
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                long scheduled = start + i * intervalNanos;
                LockSupport.parkNanos(scheduled - System.nanoTime());
                int index = i;
                senders.submit(() -> {
                    inFlight.acquireUninterruptibly();
                    String outcome;
                    try {
                        outcome = send.apply(index);
                    } finally {
                        inFlight.release();
                    }
                    latencyNanos[index] = System.nanoTime() - scheduled;
                    outcomes.computeIfAbsent(outcome, s -> new AtomicInteger()).incrementAndGet();
                    if (outcome.equals(ACCEPTED)) {
                        accepted.incrementAndGet();
                    }
                });
            }
        }
        long end = System.nanoTime();
        return new Phase(latencyNanos, outcomes, accepted.get(), start, end, generatorCpu().minus(cpuAtStart),
                startedAt, intervalNanos);
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
