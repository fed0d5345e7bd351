package io.chat4all.stack;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Supervises a running stack for {@code ./chat4all up}. A child that exits although nobody asked it to, or a service
 * that fails its liveness check {@link Limits#failuresInARow()} times in a row (each check bounded by
 * {@link Limits#timeout()}), is a failure: it is written to {@link Incidents} (so {@code ./chat4all status} shows it,
 * even after the stop) and handed to {@code stopStack}, once. Failed checks before that are reported on the console
 * as they happen, and a service that answers again is forgiven.
 *
 * <p>The policy is to stop the whole stack and exit non-zero, not to restart the child. {@code up} is a developer's
 * foreground process that Ctrl-C stops as a whole; a service that died or hung there (out of memory, a crash, a
 * deadlock) is a bug to look at, and a quiet restart would hide it as well as the hang did, while a benchmark or a
 * manual test went on against a stack that had changed under it (lost requests, cold JIT). Stopping leaves one clear
 * outcome: the reason on the console and in {@code ./chat4all status}, the child's log untouched, a non-zero exit for
 * scripts. Kafka and Cassandra stop cleanly, so nothing accepted is lost, and {@code ./chat4all up} brings the stack
 * back. Restarting belongs to a deployment's orchestrator (compose restart policies, liveness probes), not here.
 */
final class Watchdog implements AutoCloseable {

    /**
     * How often each service's liveness is checked, how long one check may take, and how many failures in a row
     * mean the service is hung rather than busy.
     */
    record Limits(Duration interval, Duration timeout, int failuresInARow) {

        /** Half a minute to a minute without a live answer: a JVM that busy is as good as hung. */
        static final Limits DEFAULT = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(5), 6);
    }

    private final Limits limits;
    private final Function<URI, HealthProbe.Result> probe;
    private final Incidents incidents;
    private final StackProgress progress;
    private final Consumer<String> stopStack;
    private final List<WatchedService> services = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "chat4all-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param probe     checks one liveness endpoint within {@code limits.timeout()}
     * @param stopStack called once, with the reason ("api exited unexpectedly with code 3 (...)")
     */
    Watchdog(Limits limits, Function<URI, HealthProbe.Result> probe, Incidents incidents, StackProgress progress,
             Consumer<String> stopStack) {
        this.limits = limits;
        this.probe = probe;
        this.incidents = incidents;
        this.progress = progress;
        this.stopStack = stopStack;
    }

    /** With the real HTTP probe. */
    Watchdog(Limits limits, Incidents incidents, StackProgress progress, Consumer<String> stopStack) {
        this(limits, new HealthProbe(limits.timeout())::check, incidents, progress, stopStack);
    }

    /** Checks {@code service}'s liveness endpoint every interval once {@link #start()}ed, while it runs. */
    void watchLiveness(ChildProcess service, URI liveness) {
        services.add(new WatchedService(service, liveness));
    }

    /** A child exited that nobody asked to stop. */
    void exitedUnexpectedly(ChildProcess child) {
        fail(child.name(), "exited unexpectedly with " + child.exitStatus() + "; see " + child.logFile());
    }

    void start() {
        long interval = limits.interval().toMillis();
        timer.scheduleWithFixedDelay(this::checkLiveness, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** One round over the running services: on the timer's thread, or called directly by tests. */
    void checkLiveness() {
        for (WatchedService service : services) {
            if (closed.get() || failed.get()) {
                return;
            }
            ChildProcess child = service.child;
            if (child.isAlive() && !child.stopRequested()) {
                record(service, probe.apply(service.liveness));
            }
        }
    }

    /** Stops watching (the stack is being stopped on purpose): nothing after this is a failure. */
    @Override
    public void close() {
        closed.set(true);
        timer.shutdownNow();
    }

    private void record(WatchedService service, HealthProbe.Result result) {
        String name = service.child.name();
        if (result.healthy()) {
            if (service.failuresInARow > 0) {
                service.failuresInARow = 0;
                incidents.clear(name);
                progress.report(name, "answers its liveness check again");
            }
            return;
        }
        service.failuresInARow++;
        String what = "failed its liveness check " + service.failuresInARow + " time"
                + (service.failuresInARow == 1 ? "" : "s") + " in a row (" + result + ")";
        if (service.failuresInARow >= limits.failuresInARow()) {
            fail(name, what);
        } else {
            incidents.record(name, what);
            progress.report(name, what + "; the stack stops after " + limits.failuresInARow());
        }
    }

    private void fail(String process, String what) {
        if (closed.get() || !failed.compareAndSet(false, true)) {
            return;
        }
        incidents.record(process, what);
        stopStack.accept(process + " " + what);
    }

    /** A service and its consecutive failed checks (touched by the timer's single thread only). */
    private static final class WatchedService {
        final ChildProcess child;
        final URI liveness;
        int failuresInARow;

        WatchedService(ChildProcess child, URI liveness) {
            this.child = child;
            this.liveness = liveness;
        }
    }
}
