package io.chat4all.it;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A file's content made up on the fly from a seed: the same seed always gives the same bytes, so a test can upload
 * 100 MB, then check a download or a range against a fresh copy of the stream, without ever holding the file.
 */
record GeneratedContent(long seed, long size) {

    InputStream stream() {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private final byte[] block = new byte[64 * 1024];
            private int blockPosition = block.length;
            private long remaining = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (remaining == 0) {
                    return -1;
                }
                if (blockPosition == block.length) {
                    random.nextBytes(block);
                    blockPosition = 0;
                }
                int n = (int) Math.min(Math.min(length, block.length - blockPosition), remaining);
                System.arraycopy(block, blockPosition, buffer, offset, n);
                blockPosition += n;
                remaining -= n;
                return n;
            }
        };
    }

    /** Bytes {@code first} to {@code last} (both included); for small ranges. */
    byte[] range(long first, long last) throws IOException {
        try (InputStream in = stream()) {
            in.skipNBytes(first);
            return in.readNBytes(Math.toIntExact(last - first + 1));
        }
    }

    String sha256() throws IOException {
        try (InputStream in = stream()) {
            return sha256(in);
        }
    }

    /** Lower-case hex SHA-256 of everything the stream holds, read in blocks. */
    static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
