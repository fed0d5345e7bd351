package io.chat4all.api.files;

/**
 * Bytes {@code first} to {@code last} of a content, both included (as in {@code Range: bytes=first-last}).
 *
 * @param first  the first byte's offset
 * @param last   the last byte's offset
 * @param total  the whole content's size
 */
public record ByteRange(long first, long last, long total) {

    public ByteRange {
        if (first < 0 || last < first - 1 || last >= total) {
            throw new IllegalArgumentException("not a range of " + total + " bytes: " + first + "-" + last);
        }
    }

    /** All of a content of {@code total} bytes. */
    public static ByteRange whole(long total) {
        return new ByteRange(0, total - 1, total);
    }

    public long length() {
        return last - first + 1;
    }

    public boolean isWhole() {
        return first == 0 && last == total - 1;
    }

    /** The {@code Content-Range} header value. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + total;
    }
}
