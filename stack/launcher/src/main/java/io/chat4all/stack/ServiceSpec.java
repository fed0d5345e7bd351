package io.chat4all.stack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One row of the launcher's service table ({@link Services#ALL}): a service instance run from its module's built jar.
 * Two instances of one module are two rows, each with its own instance name, port and environment.
 *
 * @param module       the module folder under the project root ({@code services/connector}); the jar is
 *                     {@code <module>/target/chat4all-<folder name>-0.1.0-SNAPSHOT.jar}, its dependencies
 *                     {@code <module>/target/libs}
 * @param instance     names the process: its log {@code <home>/logs/<instance>.log}, pid file, status line and
 *                     telemetry ({@code chat4all-<instance>}); lower-case letters, digits and dashes
 * @param mainClass    the class the child JVM runs
 * @param portVariable the variable that moves its port in local mode ({@code CHAT4ALL_API_PORT})
 * @param defaultPort  its port when that variable is unset, as the service's own default and the docs assume
 * @param environment  what this instance needs beyond what every service gets (see
 *                     {@link LocalStack#serviceEnvironment}), computed from the stack it runs in: other rows'
 *                     addresses, for example
 */
public record ServiceSpec(String module, String instance, String mainClass, String portVariable, int defaultPort,
                          Function<StackContext, Map<String, String>> environment) {

    private static final String VERSION = "0.1.0-SNAPSHOT";
    /** Safe as a file name and in a command line. */
    private static final Pattern INSTANCE = Pattern.compile("[a-z][a-z0-9-]*");

    public ServiceSpec {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(portVariable, "portVariable");
        Objects.requireNonNull(environment, "environment");
        if (instance == null || !INSTANCE.matcher(instance).matches()) {
            throw new IllegalArgumentException("an instance name is lower-case letters, digits and dashes: " + instance);
        }
        StackPorts.requirePort(instance, defaultPort);
    }

    /** The name its telemetry carries: chat4all-api, chat4all-router. */
    public String otelServiceName() {
        return "chat4all-" + instance;
    }

    public int port(StackPorts ports) {
        return ports.of(this);
    }

    /** {@code http://host:port}, without a path. */
    public URI uri(String host, StackPorts ports) {
        return URI.create("http://" + host + ":" + port(ports));
    }

    public URI healthUri(String host, StackPorts ports) {
        return uri(host, ports).resolve("/observe/health");
    }

    /** Liveness only: whether the service works at all, not whether Kafka and Cassandra are reachable. */
    public URI livenessUri(String host, StackPorts ports) {
        return uri(host, ports).resolve("/observe/health/live");
    }

    /** The module's jar: one jar for every instance of the module. */
    public Path jar(Path projectRoot) {
        String artifact = "chat4all-" + Path.of(module).getFileName() + "-" + VERSION + ".jar";
        return moduleTarget(projectRoot).resolve(artifact);
    }

    /** The folder with the jar's dependencies (named in its manifest). */
    public Path libs(Path projectRoot) {
        return moduleTarget(projectRoot).resolve("libs");
    }

    private Path moduleTarget(Path projectRoot) {
        return projectRoot.resolve(module).resolve("target");
    }

    @Override
    public String toString() {
        return instance;
    }
}
