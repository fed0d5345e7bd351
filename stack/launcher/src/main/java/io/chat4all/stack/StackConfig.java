package io.chat4all.stack;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where a stack lives and listens, and what it runs.
 *
 * @param projectRoot the repository checkout (runtime classpaths, service jars and the OTel agent are under it)
 * @param home        the stack's own folder: data, logs, pid files, generated config and secrets
 * @param host        the address every process binds
 * @param ports       the processes' ports, one for each of {@code services}
 * @param services    the service table: {@link Services#ALL} except in tests
 * @param telemetry   whether to run the telemetry pipeline (Collector, trace store, Prometheus), and its ports
 */
public record StackConfig(Path projectRoot, Path home, String host, StackPorts ports, List<ServiceSpec> services,
                          Telemetry telemetry) {

    /** The telemetry pipeline's mode and ports. */
    public record Telemetry(TelemetryMode mode, TelemetryPorts ports) {
        public Telemetry {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(ports, "ports");
        }

        /** Off: the services run with every exporter off. */
        public static Telemetry off() {
            return new Telemetry(TelemetryMode.OFF, TelemetryPorts.defaults());
        }
    }

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

    /** A stack without the telemetry pipeline. */
    public StackConfig(Path projectRoot, Path home, String host, StackPorts ports, List<ServiceSpec> services) {
        this(projectRoot, home, host, ports, services, Telemetry.off());
    }

    /** The stack of {@link Services#ALL}, without the telemetry pipeline. */
    public StackConfig(Path projectRoot, Path home, String host, StackPorts ports) {
        this(projectRoot, home, host, ports, Services.ALL);
    }

    /** Local mode: home $CHAT4ALL_HOME or {@code <projectRoot>/.chat4all}, host $CHAT4ALL_HOST or 127.0.0.1. */
    public static StackConfig local(Path projectRoot) {
        return local(projectRoot, System.getenv());
    }

    /**
     * {@link #local(Path)} reading the given environment; ports from {@link StackPorts#fromEnvironment} and
     * {@link TelemetryPorts#fromEnvironment}, the telemetry mode from {@code CHAT4ALL_TELEMETRY}.
     */
    public static StackConfig local(Path projectRoot, Map<String, String> env) {
        String home = env.get("CHAT4ALL_HOME");
        String host = env.get("CHAT4ALL_HOST");
        return new StackConfig(projectRoot,
                home == null || home.isBlank() ? projectRoot.resolve(".chat4all") : Path.of(home),
                host == null || host.isBlank() ? "127.0.0.1" : host.strip(),
                StackPorts.fromEnvironment(env, Services.ALL), Services.ALL,
                new Telemetry(TelemetryMode.fromEnvironment(env), TelemetryPorts.fromEnvironment(env)));
    }

    /**
     * For tests: a home of their own and free loopback ports, so they run beside a developer's stack; the telemetry
     * mode from {@code CHAT4ALL_TELEMETRY} as for {@code up}.
     */
    public static StackConfig forTests(Path projectRoot, Path home) {
        return new StackConfig(projectRoot, home, "127.0.0.1", StackPorts.free(Services.ALL), Services.ALL,
                new Telemetry(TelemetryMode.fromEnvironment(System.getenv()), TelemetryPorts.free()));
    }

    /** The same stack with another telemetry mode ({@code up --no-telemetry}). */
    public StackConfig withTelemetryMode(TelemetryMode mode) {
        return new StackConfig(projectRoot, home, host, ports, services, new Telemetry(mode, telemetry.ports()));
    }

    Path logs() {
        return home.resolve("logs");
    }

    Path run() {
        return home.resolve("run");
    }
}
