package io.chat4all.api.health;

import java.util.List;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Readiness: the api serves nothing useful while no Cassandra node is reachable. The answer is the driver's own view
 * of its nodes, which its connections and heartbeats keep current, rather than a query: health must answer within a
 * bound under any load, and a query waits as long as a busy Cassandra makes it.
 */
public final class CassandraHealthCheck implements HealthCheck {
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
        List<Node> up = session.getMetadata().getNodes().values().stream()
                .filter(node -> node.getState() == NodeState.UP)
                .toList();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                .status(!up.isEmpty())
                .detail("nodes_up", up.size());
        if (!up.isEmpty() && up.getFirst().getCassandraVersion() != null) {
            response.detail("version", up.getFirst().getCassandraVersion().toString());
        }
        return response.build();
    }
}
