package io.chat4all.stack;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a stack lives and listens, and what it runs.
 *
 * @param projectRoot the repository checkout (runtime classpaths, service jars and the OTel agent are under it)
 * @param home        the stack's own folder: data, logs, pid files, generated config and secrets
 * @param host        the address every process binds
 * @param ports       the processes' ports, one for each of {@code services}
 * @param services    the service table: {@link Services#ALL} except in tests
 */
public record StackConfig(Path projectRoot, Path home, String host, StackPorts ports, List<ServiceSpec> services) {

    /** Names of the launcher's other processes: a service named so would share their pid and log files. */
    private static final Set<String> RESERVED = Set.of(RunFolder.LAUNCHER, KafkaBroker.NAME, CassandraNode.NAME);

    public StackConfig {
        projectRoot = projectRoot.toAbsolutePath().normalize();
        home = home.toAbsolutePath().normalize();
        services = List.copyOf(services);
        Set<String> instances = new HashSet<>();
        for (ServiceSpec service : services) {
            if (RESERVED.contains(service.instance()) || !instances.add(service.instance())) {
                throw new IllegalArgumentException("two processes would be named " + service.instance());
            }
            ports.of(service);
        }
    }

    /** The stack of {@link Services#ALL}. */
    public StackConfig(Path projectRoot, Path home, String host, StackPorts ports) {
        this(projectRoot, home, host, ports, Services.ALL);
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
                StackPorts.fromEnvironment(env, Services.ALL));
    }

    /** For tests: a home of their own and free loopback ports, so they run beside a developer's stack. */
    public static StackConfig forTests(Path projectRoot, Path home) {
        return new StackConfig(projectRoot, home, "127.0.0.1", StackPorts.free(Services.ALL));
    }

    Path logs() {
        return home.resolve("logs");
    }

    Path run() {
        return home.resolve("run");
    }
}
