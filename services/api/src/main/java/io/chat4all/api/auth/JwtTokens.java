package io.chat4all.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.RegisteredClaims;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Verification;
import io.chat4all.kit.http.UuidText;

/** Issues and verifies the api's access tokens: HS256 JWTs whose subject is the user id. */
public final class JwtTokens {
    private final Algorithm algorithm;
    private final String issuer;
    private final Duration ttl;
    private final Clock clock;
    private final JWTVerifier verifier;

    public JwtTokens(AuthSettings settings, Clock clock) {
        this.algorithm = Algorithm.HMAC256(settings.secret());
        this.issuer = settings.issuer();
        this.ttl = settings.tokenTtl();
        this.clock = clock;
        Verification verification = JWT.require(algorithm)
                .withIssuer(issuer)
                .withClaimPresence(RegisteredClaims.SUBJECT)
                .withClaimPresence(RegisteredClaims.EXPIRES_AT);
        this.verifier = ((JWTVerifier.BaseVerification) verification).build(clock);
    }

    /** A signed token, and how long it lives. */
    public record IssuedToken(String token, Duration expiresIn) {
    }

    public IssuedToken issue(UUID userId) {
        Instant now = clock.instant();
        String token = JWT.create()
                .withIssuer(issuer)
                .withSubject(userId.toString())
                .withIssuedAt(now)
                .withExpiresAt(now.plus(ttl))
                .sign(algorithm);
        return new IssuedToken(token, ttl);
    }

    /** The user id a valid token was issued to; empty for a forged, expired, foreign or malformed token. */
    public Optional<UUID> verify(String token) {
        try {
            return Optional.ofNullable(UuidText.parse(verifier.verify(token).getSubject()));
        } catch (JWTVerificationException invalid) {
            return Optional.empty();
        }
    }
}
