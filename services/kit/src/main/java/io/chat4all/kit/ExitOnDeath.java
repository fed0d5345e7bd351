package io.chat4all.kit;

import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process, non-zero, when a thread it cannot live without dies: a router that no longer consumes must not
 * stay up looking alive. Whatever supervises it (the launcher, compose, Kubernetes) sees the exit and can restart it.
 */
public final class ExitOnDeath implements Thread.UncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExitOnDeath.class);
    static final int EXIT_CODE = 70;   // EX_SOFTWARE (sysexits.h): an internal error

    private final String what;
    private final IntConsumer exit;

    public ExitOnDeath(String what) {
        // System.exit from another thread: it runs the shutdown hook, which joins the dying thread.
        this(what, code -> Thread.ofPlatform().name("exit").start(() -> System.exit(code)));
    }

    public ExitOnDeath(String what, IntConsumer exit) {
        this.what = what;
        this.exit = exit;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        LOG.error("{} died on thread {}; the process exits with code {}", what, thread.getName(), EXIT_CODE, failure);
        exit.accept(EXIT_CODE);
    }
}
