package io.chat4all.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tiny main classes the process tests start as child JVMs. */
final class TestMains {

    /** The JDK running the tests: the child JVMs run on it too. */
    static final JdkFinder.Jdk THIS_JDK = new JdkFinder.Jdk(Path.of(System.getProperty("java.home")),
            JdkFinder.JavaVersion.parse(System.getProperty("java.version")).orElseThrow());

    private TestMains() {
    }

    /** Blocks until killed. */
    public static final class Block {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("blocking");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Allocates until the heap is full and keeps every byte: run it with a small -Xmx. */
    public static final class Hog {
        public static void main(String[] args) {
            System.out.println("hogging");
            List<long[]> kept = new ArrayList<>();
            while (true) {
                kept.add(new long[1 << 16]);
            }
        }
    }

    /** Prints its arguments, then exits with code 3. */
    public static final class Crash {
        public static void main(String[] args) {
            System.out.println("crashing: " + String.join(" ", args));
            System.exit(3);
        }
    }

    /** Prints a line and returns: a run that exits normally, as an AOT training run must. */
    public static final class Greet {
        public static void main(String[] args) {
            System.out.println("hello from " + Greet.class.getName());
        }
    }
}
