package io.chat4all.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A fixed piece of single-threaded work (SHA-256 over 64 MiB), timed: on a virtual machine whose host gives it less,
 * the same work takes longer, so a phase that is slow because the machine was slow shows it. The best of a few
 * repetitions, right before a phase while the stack is idle, so the stack's own work hardly enters it.
 */
final class SpeedProbe {
    private static final byte[] BLOCK = new byte[4096];
    private static final int BLOCKS = 16_384;
    private static final int REPETITIONS = 5;

    private SpeedProbe() {
    }

    /** Milliseconds for the work, the best of {@link #REPETITIONS} (after one untimed run to compile it). */
    static double millis() {
        hashAll();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < REPETITIONS; i++) {
            long started = System.nanoTime();
            hashAll();
            best = Math.min(best, System.nanoTime() - started);
        }
        return FixedRateSender.round(best / 1e6);
    }

    private static byte[] hashAll() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < BLOCKS; i++) {
                sha.update(BLOCK);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
