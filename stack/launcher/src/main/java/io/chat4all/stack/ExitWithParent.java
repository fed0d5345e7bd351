package io.chat4all.stack;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child JVM the launcher starts: it exits when the launcher's process ends, even when the
 * launcher was SIGKILLed and could not stop its children, so no Kafka, Cassandra or service JVM is left orphaned.
 * Exiting through {@link System#exit} still runs the child's own shutdown hooks (Kafka and Cassandra stop cleanly).
 *
 * <p>Usage: {@code ExitWithParent <parentPid> <mainClass> [args...]}. Compiled for Java 17 (Cassandra's JVM), and
 * self-contained: the launcher copies this one class file onto each child's classpath.
 */
public final class ExitWithParent {

    private ExitWithParent() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ExitWithParent <parentPid> <mainClass> [args...]");
            System.exit(2);
        }
        ProcessHandle.of(Long.parseLong(args[0])).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));

        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
