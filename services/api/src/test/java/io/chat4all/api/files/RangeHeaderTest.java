package io.chat4all.api.files;

import java.util.Optional;

import io.chat4all.kit.http.ApiProblem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RangeHeaderTest {
    private static Optional<ByteRange> parse(String header) {
        return RangeHeader.parse(Optional.of(header), 1000);
    }

    @Test
    void singleRangesInEveryForm() {
        assertEquals(Optional.of(new ByteRange(100, 199, 1000)), parse("bytes=100-199"));
        assertEquals(Optional.of(new ByteRange(900, 999, 1000)), parse("bytes=900-"));
        assertEquals(Optional.of(new ByteRange(990, 999, 1000)), parse("bytes=-10"));
        assertEquals(Optional.of(new ByteRange(0, 999, 1000)), parse("bytes=-5000"), "a suffix longer than the file is all of it");
        assertEquals(Optional.of(new ByteRange(500, 999, 1000)), parse("bytes=500-5000"), "a last byte past the end is the end");
        assertEquals("bytes 100-199/1000", parse("bytes=100-199").orElseThrow().contentRange());
        assertEquals(100, parse("bytes=100-199").orElseThrow().length());
    }

    @Test
    void whatIsNotOneWellFormedRangeIsIgnored() {
        assertEquals(Optional.empty(), RangeHeader.parse(Optional.empty(), 1000));
        assertEquals(Optional.empty(), parse("bytes=0-1,5-6"));
        assertEquals(Optional.empty(), parse("items=0-1"));
        assertEquals(Optional.empty(), parse("bytes=5-1"));
        assertEquals(Optional.empty(), parse("bytes=-"));
        assertEquals(Optional.empty(), parse("bytes=a-b"));
        assertEquals(Optional.empty(), parse("bytes=99999999999999999999-"));
    }

    @Test
    void aRangeThatStartsPastTheEndIs416WithTheSize() {
        for (String header : new String[] {"bytes=1000-", "bytes=1000-2000", "bytes=-0"}) {
            ApiProblem problem = assertThrows(ApiProblem.class, () -> parse(header), header);
            assertEquals(416, problem.status().code());
            assertEquals("bytes */1000", problem.headers().get("Content-Range"));
        }
    }
}
