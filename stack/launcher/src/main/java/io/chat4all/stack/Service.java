package io.chat4all.stack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/** The application services the launcher runs, each from its module's built jar. */
public enum Service {
    API("io.chat4all.api.ApiMain"),
    ROUTER("io.chat4all.router.RouterMain");

    private static final String VERSION = "0.1.0-SNAPSHOT";

    private final String mainClass;

    Service(String mainClass) {
        this.mainClass = mainClass;
    }

    /** "api" or "router": the module folder, the log and pid file name. */
    public String processName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String mainClass() {
        return mainClass;
    }

    /** The name its telemetry carries: chat4all-api, chat4all-router. */
    public String otelServiceName() {
        return "chat4all-" + processName();
    }

    public int port(StackPorts ports) {
        return this == API ? ports.api() : ports.router();
    }

    /** {@code <projectRoot>/services/<name>/target/chat4all-<name>-0.1.0-SNAPSHOT.jar} */
    public Path jar(Path projectRoot) {
        return moduleTarget(projectRoot).resolve("chat4all-" + processName() + "-" + VERSION + ".jar");
    }

    /** The folder with the jar's dependencies (named in its manifest). */
    public Path libs(Path projectRoot) {
        return moduleTarget(projectRoot).resolve("libs");
    }

    public URI healthUri(String host, StackPorts ports) {
        return URI.create("http://" + host + ":" + port(ports) + "/observe/health");
    }

    /** Liveness only: whether the service works at all, not whether Kafka and Cassandra are reachable. */
    public URI livenessUri(String host, StackPorts ports) {
        return healthUri(host, ports).resolve("/observe/health/live");
    }

    private Path moduleTarget(Path projectRoot) {
        return projectRoot.resolve("services").resolve(processName()).resolve("target");
    }

    @Override
    public String toString() {
        return processName();
    }
}
