package io.chat4all.kit.consumer;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Time as the consumer loop sees it: a monotonic clock, and tasks run after a delay. Tests drive one by hand. */
public interface Scheduler extends AutoCloseable {
    /** Nanoseconds from an arbitrary origin, like {@link System#nanoTime()}. */
    long nanoTime();

    /**
     * Runs {@code task} once {@code delay} has passed; the task must be short (it hands real work to an executor).
     * After {@link #close()}, tasks are dropped.
     */
    void schedule(Duration delay, Runnable task);

    /** Stops running tasks that are not due yet. */
    @Override
    void close();

    /** The system clock and one daemon thread for delayed tasks. */
    static Scheduler system(String threadName) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(threadName).daemon().factory());
        return new Scheduler() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void schedule(Duration delay, Runnable task) {
                try {
                    timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closed) {
                    // The loop is over: whatever was to be retried is abandoned and its records come again.
                }
            }

            @Override
            public void close() {
                timer.shutdownNow();
            }
        };
    }
}
