package io.chat4all.api.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.helidon.config.Config;

/**
 * The {@code auth} config node. The HS256 secret has no default: a server that would sign tokens with a known key
 * must not start.
 *
 * @param secret     HS256 signing key ({@code auth.secret}, env {@code AUTH_SECRET}), at least 32 bytes
 * @param issuer     {@code iss} of issued tokens, required on verified ones ({@code auth.issuer})
 * @param tokenTtl   lifetime of an access token ({@code auth.token-ttl}, ISO-8601 duration)
 * @param bcryptCost bcrypt work factor of password hashes ({@code auth.bcrypt-cost})
 */
public record AuthSettings(byte[] secret, String issuer, Duration tokenTtl, int bcryptCost) {
    public static final int MIN_SECRET_BYTES = 32;

    public static AuthSettings from(Config auth) {
        byte[] secret = auth.get("secret").asString()
                .map(text -> text.getBytes(StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException(
                        "auth.secret (env AUTH_SECRET) is required: an HS256 key of at least " + MIN_SECRET_BYTES + " bytes"));
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("auth.secret (env AUTH_SECRET) is " + secret.length
                    + " bytes; HS256 needs at least " + MIN_SECRET_BYTES);
        }
        Duration ttl = auth.get("token-ttl").as(Duration.class).orElse(Duration.ofHours(1));
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalStateException("auth.token-ttl must be positive, got " + ttl);
        }
        int cost = auth.get("bcrypt-cost").asInt().orElse(10);
        if (cost < BCrypt.MIN_COST || cost > BCrypt.MAX_COST) {
            throw new IllegalStateException("auth.bcrypt-cost must be from " + BCrypt.MIN_COST + " to " + BCrypt.MAX_COST
                    + ", got " + cost);
        }
        return new AuthSettings(secret, auth.get("issuer").asString().orElse("chat4all"), ttl, cost);
    }
}
