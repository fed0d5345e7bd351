package io.chat4all.api.files;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileNamesTest {
    private static Optional<String> name(String given) {
        return FileNames.sanitize(given).name();
    }

    @Test
    void keepsOnlyTheLastPathSegment() {
        assertEquals(Optional.of("passwd"), name("../../etc/passwd"));
        assertEquals(Optional.of("boot.ini"), name("..\\..\\boot.ini"));
        assertEquals(Optional.of("a.txt"), name("C:\\x\\a.txt"));
        assertEquals(Optional.of("report 2026 (final).pdf"), name("report 2026 (final).pdf"));
        assertEquals(Optional.of("relatório-🎉.txt"), name("relatório-🎉.txt"));
        assertEquals(Optional.of(".hidden"), name(".hidden"));
    }

    @Test
    void refusesNamesThatNameNoFileOrHoldControlCharacters() {
        for (String bad : new String[] {"..", "../..", "a/.", "dir/", "", "   ", "a\u0000b", "a\nb", "a\u007Fb", "bad\ud800"}) {
            FileNames.Result result = FileNames.sanitize(bad);
            assertEquals(Optional.empty(), result.name(), bad);
            assertTrue(result.problem().isPresent(), bad);
        }
    }

    @Test
    void aNameIsAtMost255BytesOfUtf8() {
        assertEquals(Optional.of("x".repeat(255)), name("x".repeat(255)));
        assertEquals(Optional.empty(), name("x".repeat(256)));
        assertEquals(Optional.empty(), name("é".repeat(128)), "256 bytes");
    }
}
