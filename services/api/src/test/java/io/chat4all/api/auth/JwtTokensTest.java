package io.chat4all.api.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JwtTokensTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration TTL = Duration.ofHours(1);

    private final UUID user = UUID.randomUUID();

    @Test
    void anIssuedTokenNamesItsUser() {
        JwtTokens.IssuedToken issued = tokensAt(NOW).issue(user);
        assertEquals(TTL, issued.expiresIn());
        assertEquals(Optional.of(user), tokensAt(NOW.plus(TTL).minusSeconds(1)).verify(issued.token()));
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = tokensAt(NOW).issue(user).token();
        assertEquals(Optional.empty(), tokensAt(NOW.plus(TTL).plusSeconds(1)).verify(token));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String forged = JWT.create().withIssuer("chat4all").withSubject(user.toString())
                .withExpiresAt(NOW.plus(TTL)).sign(Algorithm.HMAC256("another-secret-another-secret-another"));
        assertEquals(Optional.empty(), tokensAt(NOW).verify(forged));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        String foreign = JWT.create().withIssuer("someone-else").withSubject(user.toString())
                .withExpiresAt(NOW.plus(TTL)).sign(Algorithm.HMAC256(SECRET));
        assertEquals(Optional.empty(), tokensAt(NOW).verify(foreign));
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String unsigned = JWT.create().withIssuer("chat4all").withSubject(user.toString())
                .withExpiresAt(NOW.plus(TTL)).sign(Algorithm.none());
        assertEquals(Optional.empty(), tokensAt(NOW).verify(unsigned));
    }

    @Test
    void aTokenWithoutExpiryOrWithAnOddSubjectIsRefused() {
        String forever = JWT.create().withIssuer("chat4all").withSubject(user.toString()).sign(Algorithm.HMAC256(SECRET));
        assertEquals(Optional.empty(), tokensAt(NOW).verify(forever));
        String notAUser = JWT.create().withIssuer("chat4all").withSubject("admin")
                .withExpiresAt(NOW.plus(TTL)).sign(Algorithm.HMAC256(SECRET));
        assertEquals(Optional.empty(), tokensAt(NOW).verify(notAUser));
    }

    @Test
    void garbageIsRefused() {
        for (String garbage : new String[] {"", "abc", "abc.def.ghi", "a.b", "...."}) {
            assertEquals(Optional.empty(), tokensAt(NOW).verify(garbage), garbage);
        }
    }

    private static JwtTokens tokensAt(Instant now) {
        AuthSettings settings = new AuthSettings(SECRET.getBytes(StandardCharsets.UTF_8), "chat4all", TTL, 4);
        return new JwtTokens(settings, Clock.fixed(now, ZoneOffset.UTC));
    }
}
