package io.chat4all.stack;

/** Tiny main classes the process tests start as child JVMs. */
final class TestMains {

    private TestMains() {
    }

    /** Blocks until killed. */
    public static final class Block {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("blocking");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Prints its arguments, then exits with code 3. */
    public static final class Crash {
        public static void main(String[] args) {
            System.out.println("crashing: " + String.join(" ", args));
            System.exit(3);
        }
    }
}
