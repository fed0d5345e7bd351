package io.chat4all.stack;

import java.nio.file.Path;

/**
 * What outlives a stack's home and a checkout: {@code $CHAT4ALL_CACHE}, or {@code ~/.cache/chat4all}, as for the
 * Collector and Jaeger that {@code otel/build-collector.sh} and {@code tracestore/build-jaeger.sh} build.
 */
final class UserCache {
    private UserCache() {
    }

    static Path root() {
        String configured = System.getenv("CHAT4ALL_CACHE");
        return configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "chat4all")
                : Path.of(configured);
    }
}
