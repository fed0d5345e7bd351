package io.chat4all.stack;

/** Receives the launcher's progress lines ("kafka ready in 6.1 s"), one per step, per process. */
@FunctionalInterface
public interface StackProgress {

    void report(String process, String message);

    /** Aligned lines on standard output: this is the CLI's user interface, not logging. */
    static StackProgress console() {
        return (process, message) -> System.out.printf("%-10s %s%n", process, message);
    }

    static StackProgress silent() {
        return (process, message) -> { };
    }
}
