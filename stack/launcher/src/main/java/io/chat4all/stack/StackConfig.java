package io.chat4all.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a stack lives and listens.
 *
 * @param projectRoot the repository checkout (runtime classpaths, service jars and the OTel agent are under it)
 * @param home        the stack's own folder: data, logs, pid files, generated config and secrets
 * @param host        the address every process binds
 * @param ports       the processes' ports
 */
public record StackConfig(Path projectRoot, Path home, String host, StackPorts ports) {

    public StackConfig {
        projectRoot = projectRoot.toAbsolutePath().normalize();
        home = home.toAbsolutePath().normalize();
    }

    /** Local mode: home $CHAT4ALL_HOME or {@code <projectRoot>/.chat4all}, host $CHAT4ALL_HOST or 127.0.0.1. */
    public static StackConfig local(Path projectRoot) {
        return local(projectRoot, System.getenv());
    }

    /** {@link #local(Path)} reading the given environment; ports from {@link StackPorts#fromEnvironment}. */
    public static StackConfig local(Path projectRoot, Map<String, String> env) {
        String home = env.get("CHAT4ALL_HOME");
        String host = env.get("CHAT4ALL_HOST");
        return new StackConfig(projectRoot,
                home == null || home.isBlank() ? projectRoot.resolve(".chat4all") : Path.of(home),
                host == null || host.isBlank() ? "127.0.0.1" : host.strip(),
                StackPorts.fromEnvironment(env));
    }

    /** For tests: a home of their own and free loopback ports, so they run beside a developer's stack. */
    public static StackConfig forTests(Path projectRoot, Path home) {
        return new StackConfig(projectRoot, home, "127.0.0.1", StackPorts.free());
    }

    Path logs() {
        return home.resolve("logs");
    }

    Path run() {
        return home.resolve("run");
    }
}
