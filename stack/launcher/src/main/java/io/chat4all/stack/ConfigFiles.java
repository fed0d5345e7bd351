package io.chat4all.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the generated config files of the stack's processes, and reads the templates shipped in this jar. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    static Path write(Path file, String content) {
        directory(file.getParent());
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new StackException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code dir} if missing. */
    static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StackException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A resource next to this class, or at an absolute resource path when {@code name} starts with '/'. */
    static String resource(String name) {
        try (InputStream in = ConfigFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new StackException("the launcher jar lacks the resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StackException("cannot read the resource " + name + ": " + e.getMessage(), e);
        }
    }

    /** {@code <dir>/*}: every jar in a runtime's lib folder, or a clear error if that runtime was not built. */
    static String jarsIn(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new StackException(what + " is not built (" + dir + " is missing); run ./mvnw install -DskipTests");
        }
        return dir.resolve("*").toString();
    }
}
