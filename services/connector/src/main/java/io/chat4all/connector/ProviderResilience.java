package io.chat4all.connector;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

/**
 * The guards around every provider call, outermost first: a retry (exponential backoff with jitter), a circuit
 * breaker, a time limit. The breaker is count-based over the last {@code failure-threshold} calls and opens when all
 * of them failed, i.e. after exactly that many consecutive failures. A rejection ({@link ProviderRejectedException})
 * is neither a failure nor retried; an open breaker's {@link CallNotPermittedException} is not retried either: the
 * consumer engine holds the record and comes back later.
 */
final class ProviderResilience {
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final TimeLimiter timeLimiter;

    private ProviderResilience(CircuitBreaker breaker, Retry retry, TimeLimiter timeLimiter) {
        this.breaker = breaker;
        this.retry = retry;
        this.timeLimiter = timeLimiter;
    }

    static ProviderResilience create(String name, ConnectorSettings settings) {
        ConnectorSettings.BreakerSettings b = settings.breaker();
        CircuitBreaker breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindow(b.failureThreshold(), b.failureThreshold(),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .waitDurationInOpenState(b.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(b.permittedCallsInHalfOpen())
                // Without it, an open breaker with no record left to try it would stay open: fetching is held meanwhile.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .ignoreExceptions(ProviderRejectedException.class)
                .writableStackTraceEnabled(false)
                .build());
        ConnectorSettings.RetrySettings r = settings.retry();
        Retry retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(r.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(r.initialDelay(), 2, r.jitter(),
                        r.maxDelay()))
                .retryOnException(failure -> !(failure instanceof ProviderRejectedException
                        || failure instanceof CallNotPermittedException))
                .writableStackTraceEnabled(false)
                .build());
        TimeLimiter timeLimiter = TimeLimiter.of(name, TimeLimiterConfig.custom()
                .timeoutDuration(settings.callTimeout())
                .cancelRunningFuture(true)
                .build());
        return new ProviderResilience(breaker, retry, timeLimiter);
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    Retry retry() {
        return retry;
    }

    /**
     * Runs {@code call} under the guards, blocking (callers are on virtual threads). Throws what the last attempt
     * failed with, unwrapped: a {@link ProviderRejectedException}, a {@link CallNotPermittedException}, a
     * {@link java.util.concurrent.TimeoutException}, or whatever the call failed with.
     */
    <T> T call(Supplier<CompletableFuture<T>> call) throws Exception {
        Callable<T> limited = TimeLimiter.decorateFutureSupplier(timeLimiter, call);
        Callable<T> unwrapped = () -> {
            try {
                return limited.call();
            } catch (ExecutionException | CompletionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        };
        return Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(breaker, unwrapped)).call();
    }
}
