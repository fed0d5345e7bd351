package io.chat4all.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP ports of one stack: Kafka's and Cassandra's, and one per service instance (by
 * {@link ServiceSpec#instance()}, for the rows of a service table such as {@link Services#ALL}).
 */
public record StackPorts(int kafka, int kafkaController, int cassandraCql, int cassandraStorage, int s3,
                         Map<String, Integer> services) {

    public static final String KAFKA_VARIABLE = "CHAT4ALL_KAFKA_PORT";
    public static final String KAFKA_CONTROLLER_VARIABLE = "CHAT4ALL_KAFKA_CONTROLLER_PORT";
    public static final String CASSANDRA_CQL_VARIABLE = "CHAT4ALL_CASSANDRA_CQL_PORT";
    public static final String CASSANDRA_STORAGE_VARIABLE = "CHAT4ALL_CASSANDRA_STORAGE_PORT";
    public static final String S3_VARIABLE = "CHAT4ALL_S3_PORT";

    private static final int INFRASTRUCTURE_PORTS = 5;

    public StackPorts {
        Map<Integer, String> owners = new LinkedHashMap<>();
        claim(owners, "kafka", kafka);
        claim(owners, "the kafka controller", kafkaController);
        claim(owners, "cassandra", cassandraCql);
        claim(owners, "cassandra's storage", cassandraStorage);
        claim(owners, "the s3 server", s3);
        services.forEach((instance, port) -> claim(owners, instance, port));
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** The port of {@code service}, one of the rows these ports were made for. */
    public int of(ServiceSpec service) {
        Integer port = services.get(service.instance());
        if (port == null) {
            throw new IllegalArgumentException("no port for " + service.instance() + " among " + services.keySet());
        }
        return port;
    }

    /** 9092, 9093, 9042, 7000, 9000 (S3) and each row's default port ({@link Services#ALL}): what the services and docs assume. */
    public static StackPorts defaults() {
        return defaults(Services.ALL);
    }

    public static StackPorts defaults(List<ServiceSpec> table) {
        return fromEnvironment(Map.of(), table);
    }

    /**
     * The defaults, each overridden by its variable when set: CHAT4ALL_KAFKA_PORT, CHAT4ALL_KAFKA_CONTROLLER_PORT,
     * CHAT4ALL_CASSANDRA_CQL_PORT, CHAT4ALL_CASSANDRA_STORAGE_PORT, CHAT4ALL_S3_PORT and each row's {@link ServiceSpec#portVariable()}.
     */
    public static StackPorts fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, Services.ALL);
    }

    public static StackPorts fromEnvironment(Map<String, String> env, List<ServiceSpec> table) {
        Map<String, Integer> services = new LinkedHashMap<>();
        for (ServiceSpec service : table) {
            services.put(service.instance(), port(env, service.portVariable(), service.defaultPort()));
        }
        return new StackPorts(
                port(env, KAFKA_VARIABLE, 9092),
                port(env, KAFKA_CONTROLLER_VARIABLE, 9093),
                port(env, CASSANDRA_CQL_VARIABLE, 9042),
                port(env, CASSANDRA_STORAGE_VARIABLE, 7000),
                port(env, S3_VARIABLE, 9000),
                services);
    }

    /** Distinct ports free on the loopback interface right now, for {@link Services#ALL}. */
    public static StackPorts free() {
        return free(Services.ALL);
    }

    /** Distinct ports free on the loopback interface right now (tests run beside a developer's stack). */
    public static StackPorts free(List<ServiceSpec> table) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < INFRASTRUCTURE_PORTS + table.size(); i++) {
                // All stay open until each is picked, so the OS cannot hand out the same port twice.
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            Map<String, Integer> services = new LinkedHashMap<>();
            for (int i = 0; i < table.size(); i++) {
                services.put(table.get(i).instance(), sockets.get(INFRASTRUCTURE_PORTS + i).getLocalPort());
            }
            return new StackPorts(sockets.get(0).getLocalPort(), sockets.get(1).getLocalPort(),
                    sockets.get(2).getLocalPort(), sockets.get(3).getLocalPort(), sockets.get(4).getLocalPort(),
                    services);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve free loopback ports", e);
        } finally {
            sockets.forEach(StackPorts::closeQuietly);
        }
    }

    /** Two processes on one port would both start, and one would fail to bind: say so before anything starts. */
    private static void claim(Map<Integer, String> owners, String name, int port) {
        requirePort(name, port);
        String owner = owners.putIfAbsent(port, name);
        if (owner != null) {
            throw new IllegalArgumentException(owner + " and " + name + " cannot both listen on port " + port);
        }
    }

    static void requirePort(String owner, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a TCP port for " + owner + ": " + port);
        }
    }

    static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a TCP port (1-65535), got '" + value + "'");
    }

    static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // The port was only reserved for the duration of the pick.
        }
    }
}
