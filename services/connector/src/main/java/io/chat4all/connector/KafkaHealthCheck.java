package io.chat4all.connector;

import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Readiness: webhooks are answered only once Kafka has them, so without a broker the connector serves nothing useful.
 * Asks the cluster for its brokers, within a bound, so health always answers quickly.
 */
final class KafkaHealthCheck implements HealthCheck {
    private static final int TIMEOUT_MS = 2_000;

    private final Admin admin;

    KafkaHealthCheck(Admin admin) {
        this.admin = admin;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public HealthCheckResponse call() {
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                    .get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.builder().status(!nodes.isEmpty()).detail("brokers", nodes.size()).build();
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return HealthCheckResponse.builder().status(false).detail("error", cause.toString()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.builder().status(false).detail("error", "interrupted").build();
        }
    }
}
