package io.chat4all.kit.consumer;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/** A clock that moves only when told, running the tasks that fall due on the way, on the calling thread. */
final class ManualScheduler implements Scheduler {
    private record Task(long dueNanos, long sequence, Runnable action) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::sequence));
    private long nowNanos;
    private long sequence;

    @Override
    public synchronized long nanoTime() {
        return nowNanos;
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        tasks.add(new Task(nowNanos + delay.toNanos(), sequence++, task));
    }

    /** Moves the clock forward, running every task due by then in due order (tasks may schedule more). */
    void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = nowNanos + duration.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                if (tasks.isEmpty() || tasks.peek().dueNanos() > target) {
                    nowNanos = target;
                    return;
                }
                next = tasks.poll();
                nowNanos = next.dueNanos();
            }
            next.action().run();
        }
    }

    synchronized int pending() {
        return tasks.size();
    }

    @Override
    public void close() {
    }
}
