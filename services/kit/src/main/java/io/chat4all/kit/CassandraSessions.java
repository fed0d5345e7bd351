package io.chat4all.kit;

import java.net.InetSocketAddress;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

/** Opens a service's Cassandra session. */
public final class CassandraSessions {
    private CassandraSessions() {
    }

    public static CqlSession open(CassandraSettings settings) {
        DriverConfigLoader driverConfig = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, settings.requestTimeout())
                // A service may start before Cassandra answers: keep trying instead of failing at boot.
                .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, true)
                .build();
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress(settings.host(), settings.port()))
                .withLocalDatacenter(settings.datacenter())
                .withKeyspace(settings.keyspace())
                .withConfigLoader(driverConfig)
                .build();
    }
}
