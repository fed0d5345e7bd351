package io.chat4all.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The TCP ports of one stack. */
public record StackPorts(int kafka, int kafkaController, int cassandraCql, int cassandraStorage, int api, int router,
                         int s3) {
    static final int DEFAULT_S3 = 9000;

    public StackPorts {
        for (int port : List.of(kafka, kafkaController, cassandraCql, cassandraStorage, api, router, s3)) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("not a TCP port: " + port);
            }
        }
    }

    /** The S3 server on its default port. */
    public StackPorts(int kafka, int kafkaController, int cassandraCql, int cassandraStorage, int api, int router) {
        this(kafka, kafkaController, cassandraCql, cassandraStorage, api, router, DEFAULT_S3);
    }

    /** 9092, 9093, 9042, 7000, 8080, 8082, 9000 (S3): what the services' own defaults and the docs assume. */
    public static StackPorts defaults() {
        return new StackPorts(9092, 9093, 9042, 7000, 8080, 8082, DEFAULT_S3);
    }

    /**
     * The defaults, each overridden by its variable when set: CHAT4ALL_KAFKA_PORT, CHAT4ALL_KAFKA_CONTROLLER_PORT,
     * CHAT4ALL_CASSANDRA_CQL_PORT, CHAT4ALL_CASSANDRA_STORAGE_PORT, CHAT4ALL_API_PORT, CHAT4ALL_ROUTER_PORT, CHAT4ALL_S3_PORT.
     */
    public static StackPorts fromEnvironment(Map<String, String> env) {
        StackPorts defaults = defaults();
        return new StackPorts(
                port(env, "CHAT4ALL_KAFKA_PORT", defaults.kafka()),
                port(env, "CHAT4ALL_KAFKA_CONTROLLER_PORT", defaults.kafkaController()),
                port(env, "CHAT4ALL_CASSANDRA_CQL_PORT", defaults.cassandraCql()),
                port(env, "CHAT4ALL_CASSANDRA_STORAGE_PORT", defaults.cassandraStorage()),
                port(env, "CHAT4ALL_API_PORT", defaults.api()),
                port(env, "CHAT4ALL_ROUTER_PORT", defaults.router()),
                port(env, "CHAT4ALL_S3_PORT", defaults.s3()));
    }

    /** Seven distinct ports free on the loopback interface right now (tests run beside a developer's stack). */
    public static StackPorts free() {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 7; i++) {
                // All seven stay open until each is picked, so the OS cannot hand out the same port twice.
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return new StackPorts(sockets.get(0).getLocalPort(), sockets.get(1).getLocalPort(),
                    sockets.get(2).getLocalPort(), sockets.get(3).getLocalPort(),
                    sockets.get(4).getLocalPort(), sockets.get(5).getLocalPort(), sockets.get(6).getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve free loopback ports", e);
        } finally {
            sockets.forEach(StackPorts::closeQuietly);
        }
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
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

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // The port was only reserved for the duration of the pick.
        }
    }
}
