package io.chat4all.kit;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * A service's {@code cassandra} config node (env: {@code CASSANDRA_HOST}, {@code CASSANDRA_PORT}, ...). The defaults
 * live here only.
 *
 * @param host           contact point ({@code host})
 * @param port           CQL port ({@code port})
 * @param datacenter     the local datacenter's name ({@code datacenter})
 * @param keyspace       the keyspace the session uses ({@code keyspace})
 * @param requestTimeout how long one request may take before the driver fails it ({@code request-timeout})
 */
public record CassandraSettings(String host, int port, String datacenter, String keyspace, Duration requestTimeout) {
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 9042;
    static final String DEFAULT_DATACENTER = "datacenter1";
    static final String DEFAULT_KEYSPACE = "chat4all";
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    public CassandraSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("cassandra.port must be a TCP port, got " + port);
        }
        if (!requestTimeout.isPositive()) {
            throw new IllegalArgumentException("cassandra.request-timeout must be positive, got " + requestTimeout);
        }
    }

    public static CassandraSettings from(Config cassandra) {
        return new CassandraSettings(
                cassandra.get("host").asString().orElse(DEFAULT_HOST),
                cassandra.get("port").asInt().orElse(DEFAULT_PORT),
                cassandra.get("datacenter").asString().orElse(DEFAULT_DATACENTER),
                cassandra.get("keyspace").asString().orElse(DEFAULT_KEYSPACE),
                cassandra.get("request-timeout").as(Duration.class).orElse(DEFAULT_REQUEST_TIMEOUT));
    }
}
