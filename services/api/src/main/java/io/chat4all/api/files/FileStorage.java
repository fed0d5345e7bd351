package io.chat4all.api.files;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where file contents live, by key (the file id, never a name a client chose). Contents are streamed both ways: no
 * backend holds a whole file in memory.
 */
public interface FileStorage extends AutoCloseable {

    /**
     * Stores exactly {@code length} bytes read from {@code content} under {@code key}. Nothing is left under the key
     * when it fails.
     */
    void put(String key, InputStream content, long length) throws IOException;

    /** The bytes of {@code range} of the content under {@code key}; the caller closes the stream. */
    InputStream open(String key, ByteRange range) throws IOException;

    /** Removes the content; a missing key is not an error. */
    void delete(String key) throws IOException;

    /** Which backend this is, as {@code files.storage} names it. */
    String name();

    @Override
    default void close() {
    }
}
