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
 * A secret of the local stack: 256 random bits, base64, created on first use in a file under {@code <home>/secrets}
 * (owner-only) and reused afterwards, so what it signed survives restarts: the api's token-signing key
 * ({@code secrets/jwt-secret}), the webhook key shared by the provider simulator and the connectors
 * ({@code secrets/webhook-secret}).
 */
final class HomeSecret {

    private static final int BYTES = 32;

    private HomeSecret() {
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
            throw new StackException("cannot read or create the secret " + file + ": " + e.getMessage(), e);
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
