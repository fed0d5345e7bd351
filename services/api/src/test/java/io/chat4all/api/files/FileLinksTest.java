package io.chat4all.api.files;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.QueryParams;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileLinksTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final UUID FILE = UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427");

    private static FileLinks links(Instant now) {
        return new FileLinks(SECRET, URI.create("http://api.example:8080/"), Duration.ofHours(1),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String param(URI link, String name) {
        for (String pair : link.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " missing in " + link);
    }

    @Test
    void aLinkNamesItsFileAndExpiryAndVerifiesUntilItExpires() {
        URI link = links(NOW).link(FILE);
        assertTrue(link.toString().startsWith("http://api.example:8080/v1/files/" + FILE + "/content?expires="), link::toString);
        assertEquals(String.valueOf(NOW.plus(Duration.ofHours(1)).getEpochSecond()), param(link, "expires"));
        Optional<String> expires = Optional.of(param(link, "expires"));
        Optional<String> signature = Optional.of(param(link, "signature"));

        assertDoesNotThrow(() -> links(NOW.plus(Duration.ofMinutes(59))).verify(FILE, expires, signature));
        ApiProblem expired = assertThrows(ApiProblem.class,
                () -> links(NOW.plus(Duration.ofHours(1))).verify(FILE, expires, signature));
        assertEquals(403, expired.status().code());
        assertTrue(expired.getMessage().contains("expired"));
    }

    @Test
    void anAlteredLinkOrAnotherFilesLinkIsRefused() {
        URI link = links(NOW).link(FILE);
        Optional<String> expires = Optional.of(param(link, "expires"));
        Optional<String> signature = Optional.of(param(link, "signature"));
        FileLinks verifier = links(NOW);

        Optional<String> later = Optional.of(String.valueOf(Long.parseLong(expires.get()) + 3600));
        assertEquals(403, assertThrows(ApiProblem.class, () -> verifier.verify(FILE, later, signature)).status().code());
        assertEquals(403, assertThrows(ApiProblem.class, () -> verifier.verify(UUID.randomUUID(), expires, signature))
                .status().code());
        assertEquals(403, assertThrows(ApiProblem.class,
                () -> verifier.verify(FILE, expires, Optional.of(signature.get() + "x"))).status().code());
        assertEquals(403, assertThrows(ApiProblem.class,
                () -> verifier.verify(FILE, Optional.of("soon"), signature)).status().code());
        assertEquals(403, assertThrows(ApiProblem.class,
                () -> verifier.verify(FILE, expires, Optional.empty())).status().code());
        FileLinks otherSecret = new FileLinks("another-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8),
                URI.create("http://api.example:8080"), Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals(403, assertThrows(ApiProblem.class, () -> otherSecret.verify(FILE, expires, signature)).status().code());
    }

    @Test
    void theSignatureIsSafeInAQueryAsItIs() {
        String signature = param(links(NOW).link(FILE), "signature");
        assertTrue(signature.matches("[A-Za-z0-9_-]{43}"), signature);
        assertEquals(Optional.of(signature), QueryParams.of(java.util.Map.of("signature", signature)).optional("signature"));
    }
}
