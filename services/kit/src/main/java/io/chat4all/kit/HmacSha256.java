package io.chat4all.kit;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, from the JDK: webhook signatures, signed links, derived ids. Thread-safe: every call gets
 * its own {@link Mac}.
 */
public final class HmacSha256 {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public HmacSha256(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /**
     * The HMAC under a key derived from this one for {@code purpose}: one secret serves several uses, and what is
     * signed for one cannot pass for another (or for the secret's own signatures).
     */
    public HmacSha256 derive(byte[] purpose) {
        return new HmacSha256(sign(purpose));
    }

    public byte[] sign(byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
