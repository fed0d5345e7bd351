package io.chat4all.api.auth;

import java.nio.charset.StandardCharsets;

import at.favre.lib.crypto.bcrypt.BCrypt;

/**
 * bcrypt password hashes, computed on a {@link PasswordHashingPool} (a 503 when it is full). bcrypt reads at most
 * 72 bytes, so longer passwords are refused before they get here.
 */
public final class PasswordHasher {
    public static final int MAX_PASSWORD_BYTES = 72;

    private final int cost;
    private final PasswordHashingPool pool;
    /** Verified against when the user is unknown, so that answer takes as long as a wrong password. */
    private final String decoyHash;

    public PasswordHasher(int cost, PasswordHashingPool pool) {
        this.cost = cost;
        this.pool = pool;
        this.decoyHash = bcrypt(cost, "decoy password, never matched");
    }

    public String hash(String password) {
        requireBcryptLength(password);
        return pool.run(() -> bcrypt(cost, password));
    }

    public boolean matches(String password, String hash) {
        requireBcryptLength(password);
        return pool.run(() -> BCrypt.verifyer().verify(password.toCharArray(), hash).verified);
    }

    /** Spends the time of one verification and fails, for a login whose username is unknown. */
    public boolean matchesNothing(String password) {
        matches(password, decoyHash);
        return false;
    }

    private static String bcrypt(int cost, String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    private static void requireBcryptLength(String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("bcrypt takes at most " + MAX_PASSWORD_BYTES + " bytes of password");
        }
    }
}
