package io.chat4all.stack;

/** Receives the launcher's progress lines ("kafka ready in 6.1 s"), one per step, per process. */
@FunctionalInterface
public interface StackProgress {

    void report(String process, String message);

    /**
     * Aligned lines on standard output, the name column as wide as the longest process name of {@code services}:
     * this is the CLI's user interface, not logging.
     */
    static StackProgress console(java.util.List<ServiceSpec> services) {
        String line = "%-" + StackControl.nameWidth(services) + "s %s%n";
        return (process, message) -> System.out.printf(line, process, message);
    }

    static StackProgress silent() {
        return (process, message) -> { };
    }
}
