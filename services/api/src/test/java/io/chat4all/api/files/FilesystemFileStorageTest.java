package io.chat4all.api.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The filesystem backend on a real folder, with contents generated as they stream (100 MB is never in memory). */
class FilesystemFileStorageTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void storesAndReadsBackOneAndAHundredMegabytes() throws IOException {
        FilesystemFileStorage storage = new FilesystemFileStorage(dir);
        for (long size : new long[] {MB, 100 * MB}) {
            String key = UUID.randomUUID().toString();
            MeasuredUpload upload = new MeasuredUpload(generated(size, size), size);
            storage.put(key, upload, size);
            assertEquals(size, Files.size(dir.resolve(key)));
            String uploaded = upload.sha256Hex();
            assertEquals(sha256(generated(size, size)), uploaded);
            try (InputStream whole = storage.open(key, ByteRange.whole(size))) {
                assertEquals(uploaded, sha256(whole));
            }
            try (InputStream tail = storage.open(key, new ByteRange(size - 100, size - 1, size))) {
                byte[] expected;
                try (InputStream source = generated(size, size)) {
                    source.skipNBytes(size - 100);
                    expected = source.readNBytes(100);
                }
                assertArrayEquals(expected, tail.readAllBytes());
            }
            storage.delete(key);
            assertFalse(Files.exists(dir.resolve(key)));
            storage.delete(key); // idempotent
        }
    }

    @Test
    void aFailedUploadLeavesNothingBehind() throws IOException {
        FilesystemFileStorage storage = new FilesystemFileStorage(dir);
        String key = UUID.randomUUID().toString();
        MeasuredUpload tooLong = new MeasuredUpload(generated(1, 2 * MB), MB);
        assertThrows(IOException.class, () -> storage.put(key, tooLong, MB));
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "neither the content nor its partial file");
        }
        assertThrows(IOException.class, () -> storage.put(key, generated(1, 10), 20), "shorter than announced");
        assertFalse(Files.exists(dir.resolve(key)));
    }

    @Test
    void keysAreFileIdsNeverPaths() {
        FilesystemFileStorage storage = new FilesystemFileStorage(dir);
        assertThrows(IllegalArgumentException.class, () -> storage.open("../secret", ByteRange.whole(1)));
        assertThrows(IllegalArgumentException.class, () -> storage.put("a/b", InputStream.nullInputStream(), 0));
    }

    static InputStream generated(long seed, long size) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
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
                int n = (int) Math.min(length, remaining);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = (byte) random.nextInt(256);
                }
                remaining -= n;
                return n;
            }
        };
    }

    static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
