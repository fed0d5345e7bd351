package io.chat4all.api.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Contents as files in one folder, named by key. A content is written to a temporary file first and moved into
 * place only once complete, so a reader never sees half a file and a failed upload leaves nothing under the key.
 */
public final class FilesystemFileStorage implements FileStorage {
    /** Keys are file ids: nothing in them can leave the folder. */
    private static final Pattern SAFE_KEY = Pattern.compile("[0-9a-f-]{36}");

    private final Path dir;

    public FilesystemFileStorage(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the files folder " + this.dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, InputStream content, long length) throws IOException {
        Path target = path(key);
        Path partial = dir.resolve(key + ".part-" + UUID.randomUUID());
        try {
            try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long copied = content.transferTo(out);
                if (copied != length) {
                    throw new IOException("expected " + length + " bytes, got " + copied);
                }
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public InputStream open(String key, ByteRange range) throws IOException {
        FileChannel channel = FileChannel.open(path(key), StandardOpenOption.READ);
        try {
            channel.position(range.first());
            return new LimitedInputStream(Channels.newInputStream(channel), range.length());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            Files.delete(path(key));
        } catch (NoSuchFileException gone) {
            // Deleting is idempotent.
        }
    }

    @Override
    public String name() {
        return "filesystem";
    }

    private Path path(String key) {
        if (!SAFE_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a storage key: " + key);
        }
        return dir.resolve(key);
    }
}
