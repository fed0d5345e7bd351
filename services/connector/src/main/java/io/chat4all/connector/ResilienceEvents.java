package io.chat4all.connector;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.event.RetryOnRetryEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;

/**
 * What the provider's guards decide, as events on the span of the delivery attempt that caused it:
 * {@code provider.retry} (the retry's attempt number, its wait and the failure) and
 * {@code circuit_breaker.state_change} (from, to). Resilience4j publishes both on the thread of the failing call,
 * which runs under that span. The breaker's timed OPEN to HALF_OPEN happens on its own timer, under no span: it is
 * in the log only ({@link StoreAndForward} logs every transition).
 */
final class ResilienceEvents {
    static final AttributeKey<Long> RETRY_ATTEMPT = AttributeKey.longKey("chat4all.retry.attempt");
    static final AttributeKey<Long> WAIT_MS = AttributeKey.longKey("chat4all.retry.wait_ms");
    static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    static final AttributeKey<String> FROM = AttributeKey.stringKey("circuit_breaker.from");
    static final AttributeKey<String> TO = AttributeKey.stringKey("circuit_breaker.to");
    static final AttributeKey<String> BREAKER = AttributeKey.stringKey("circuit_breaker.name");

    private ResilienceEvents() {
    }

    /** Starts putting the guards' events on the current span. */
    static void record(Retry retry, CircuitBreaker breaker) {
        retry.getEventPublisher().onRetry(ResilienceEvents::retried);
        breaker.getEventPublisher().onStateTransition(ResilienceEvents::transitioned);
    }

    static void retried(RetryOnRetryEvent event) {
        Throwable failure = event.getLastThrowable();
        Attributes attributes = failure == null
                ? Attributes.of(RETRY_ATTEMPT, (long) event.getNumberOfRetryAttempts(),
                        WAIT_MS, event.getWaitInterval().toMillis())
                : Attributes.of(RETRY_ATTEMPT, (long) event.getNumberOfRetryAttempts(),
                        WAIT_MS, event.getWaitInterval().toMillis(),
                        EXCEPTION_TYPE, failure.getClass().getName(),
                        EXCEPTION_MESSAGE, String.valueOf(failure.getMessage()));
        Span.current().addEvent("provider.retry", attributes);
    }

    static void transitioned(CircuitBreakerOnStateTransitionEvent event) {
        Span.current().addEvent("circuit_breaker.state_change", Attributes.of(
                BREAKER, event.getCircuitBreakerName(),
                FROM, event.getStateTransition().getFromState().name(),
                TO, event.getStateTransition().getToState().name()));
    }
}
