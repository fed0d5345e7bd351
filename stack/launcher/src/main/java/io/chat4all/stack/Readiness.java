package io.chat4all.stack;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Polls a child's readiness probe until it answers, failing early and clearly when the child dies, the deadline
 * passes or the stack is closed meanwhile. Failures quote the child's latest log lines.
 */
final class Readiness {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final int LOG_LINES = 30;

    /** Returns a value once ready, empty while not; may throw while the child is still starting. */
    @FunctionalInterface
    interface Probe<T> {
        Optional<T> check() throws Exception;
    }

    private Readiness() {
    }

    /**
     * Waits until {@code probe} returns a value; the timeout counts from the child's start.
     *
     * @param goal what readiness means, for messages: "become ready", "become healthy"
     */
    static <T> T await(ChildProcess child, String goal, Duration timeout, BooleanSupplier cancelled, Probe<T> probe) {
        Exception lastError = null;
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw new StackException("stack closed while waiting for " + child.name() + " to " + goal);
            }
            if (!child.isAlive()) {
                throw failure(child, child.name() + " exited with " + child.exitStatus() + " before it could " + goal);
            }
            try {
                Optional<T> result = probe.check();
                if (result.isPresent()) {
                    return result.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + child.name() + " to " + goal, e);
            } catch (Exception e) {
                lastError = e;
            }
            if (child.age().compareTo(timeout) > 0) {
                throw failure(child, child.name() + " did not " + goal + " within " + timeout.toSeconds() + " s"
                        + (lastError == null ? "" : "; last probe error: " + lastError));
            }
            sleep();
        }
    }

    private static StackException failure(ChildProcess child, String summary) {
        return new StackException(summary + "; last log lines (" + child.logFile() + "):" + System.lineSeparator()
                + child.recentLog(LOG_LINES));
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for a stack process", e);
        }
    }
}
