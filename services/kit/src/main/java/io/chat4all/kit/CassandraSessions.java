package io.chat4all.kit;

import java.net.InetSocketAddress;
import java.time.Duration;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.helidon.config.Config;

/**
 * Opens the Cassandra session of a service from its {@code cassandra} config node
 * ({@code host}, {@code port}, {@code datacenter}, {@code keyspace}; env: {@code CASSANDRA_HOST}, ...).
 */
public final class CassandraSessions {
    private CassandraSessions() {
    }

    public static CqlSession open(Config cassandra) {
        String host = cassandra.get("host").asString().orElse("127.0.0.1");
        int port = cassandra.get("port").asInt().orElse(9042);
        Duration requestTimeout = cassandra.get("request-timeout").as(Duration.class).orElse(Duration.ofSeconds(5));
        DriverConfigLoader driverConfig = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, requestTimeout)
                // A service may start before Cassandra answers: keep trying instead of failing at boot.
                .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, true)
                .build();
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress(host, port))
                .withLocalDatacenter(cassandra.get("datacenter").asString().orElse("datacenter1"))
                .withKeyspace(cassandra.get("keyspace").asString().orElse("chat4all"))
                .withConfigLoader(driverConfig)
                .build();
    }
}
