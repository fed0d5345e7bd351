package io.chat4all.stack;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The api's token-signing secret in local mode: 256 random bits, base64, created on first start in
 * {@code <home>/secrets/jwt-secret} (owner-only) and reused afterwards, so issued tokens survive restarts.
 */
final class JwtSecret {

    private static final int BYTES = 32;

    private JwtSecret() {
    }

    static String loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String secret = Files.readString(file).strip();
            if (secret.isEmpty()) {
                throw new StackException(file + " is empty; delete it and a new secret is generated");
            }
            return secret;
        } catch (IOException e) {
            throw new StackException("cannot read or create the JWT secret " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] secret = new byte[BYTES];
        new SecureRandom().nextBytes(secret);
        Files.createDirectories(file.getParent(), ownerOnly("rwx------"));
        try {
            Files.writeString(Files.createFile(file, ownerOnly("rw-------")),
                    Base64.getEncoder().encodeToString(secret), StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException raced) {
            // Another process created it first: use theirs.
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}
