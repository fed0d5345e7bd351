package io.chat4all.api.files;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.chat4all.kit.http.ApiProblem;
import io.helidon.http.Status;

/**
 * A {@code Range} request header (RFC 9110, section 14.2): one range of bytes, {@code bytes=first-last},
 * {@code bytes=first-} or {@code bytes=-suffixLength}. Several ranges, other units and malformed values are ignored
 * (the whole content is sent, as the RFC allows); a well-formed range that lies past the end is a 416.
 */
final class RangeHeader {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    private RangeHeader() {
    }

    /** The range asked for, or empty for the whole content. */
    static Optional<ByteRange> parse(Optional<String> header, long total) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.get().strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0 || total == 0) {
                throw unsatisfiable(total);
            }
            return Optional.of(new ByteRange(Math.max(0, total - suffix), total - 1, total));
        }
        long first = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
            return Optional.empty(); // invalid, so ignored (RFC 9110, section 14.1.1)
        }
        if (first >= total) {
            throw unsatisfiable(total);
        }
        long last = m.group(2).isEmpty() ? total - 1 : Long.parseLong(m.group(2));
        return Optional.of(new ByteRange(first, Math.min(last, total - 1), total));
    }

    private static ApiProblem unsatisfiable(long total) {
        return ApiProblem.of(Status.REQUESTED_RANGE_NOT_SATISFIABLE_416,
                        "the range lies outside the file's " + total + " bytes")
                .withHeader("Content-Range", "bytes */" + total);
    }
}
