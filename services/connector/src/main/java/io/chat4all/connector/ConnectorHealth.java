package io.chat4all.connector;

import java.util.List;
import java.util.function.Supplier;

import io.chat4all.kit.consumer.RunningLoop;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * The connector's own health checks (beside {@link KafkaHealthCheck}):
 * <ul>
 *   <li>liveness {@code consumer-thread}: the consumer loop runs;</li>
 *   <li>readiness {@code consumer}: it has polled, and no partition is stalled while the breaker is closed. While the
 *       breaker is open or half-open, records wait on purpose (store-and-forward), so stalls are reported, not failed;</li>
 *   <li>readiness {@code provider}: always up (an unavailable provider is what store-and-forward is for), with the
 *       breaker's state, its failed calls in the window, how often it opened, how many failures opened it last
 *       (from CLOSED), the messages waiting, and the last call's outcome.</li>
 * </ul>
 */
final class ConnectorHealth {
    private ConnectorHealth() {
    }

    static List<HealthCheck> checks(RunningLoop loop, CircuitBreaker breaker, StoreAndForward waiting,
                                    ProviderClient provider) {
        return List.of(
                check("consumer-thread", HealthCheckType.LIVENESS,
                        () -> HealthCheckResponse.builder().status(loop.isAlive()).build()),
                check("consumer", HealthCheckType.READINESS,
                        () -> loop.readiness(breaker.getState() != CircuitBreaker.State.CLOSED)),
                check("provider", HealthCheckType.READINESS, () -> provider(breaker, waiting, provider)));
    }

    private static HealthCheckResponse provider(CircuitBreaker breaker, StoreAndForward waiting,
                                                ProviderClient provider) {
        HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                .status(true)
                .detail("breaker", breaker.getState().name())
                .detail("breaker_failed_calls", breaker.getMetrics().getNumberOfFailedCalls())
                .detail("breaker_opened", waiting.timesOpened())
                .detail("breaker_opened_after_failures", waiting.failuresWhenOpened())
                .detail("messages_waiting", waiting.waiting());
        ProviderClient.LastCall last = provider.lastCall();
        if (last != null) {
            response.detail("reachable", last.reachable())
                    .detail("last_call", last.outcome())
                    .detail("last_call_at", last.at().toString());
        }
        return response.build();
    }

    private static HealthCheck check(String name, HealthCheckType type, Supplier<HealthCheckResponse> call) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return type;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckResponse call() {
                return call.get();
            }
        };
    }
}
