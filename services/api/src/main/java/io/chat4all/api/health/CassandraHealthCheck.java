package io.chat4all.api.health;

import java.time.Duration;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** Readiness: the api serves nothing useful while Cassandra does not answer a trivial query. */
public final class CassandraHealthCheck implements HealthCheck {
    private static final SimpleStatement PROBE = SimpleStatement.newInstance("SELECT release_version FROM system.local")
            .setTimeout(Duration.ofSeconds(2));

    private final CqlSession session;

    public CassandraHealthCheck(CqlSession session) {
        this.session = session;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "cassandra";
    }

    @Override
    public HealthCheckResponse call() {
        try {
            String version = session.execute(PROBE).one().getString("release_version");
            return HealthCheckResponse.builder().status(true).detail("version", version).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.builder().status(false).detail("error", e.getClass().getSimpleName()).build();
        }
    }
}
