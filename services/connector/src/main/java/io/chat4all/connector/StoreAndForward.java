package io.chat4all.connector;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.chat4all.contracts.Channel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages wait in Kafka while the provider is down. When the circuit breaker opens, fetching is held: records already
 * polled are retried by the consumer engine (each marked PENDING once), new ones stay in Kafka, uncommitted. When the
 * breaker closes again (a half-open probe passed), fetching resumes.
 *
 * <p>One more case: if every held message ended otherwise (rejected, or given up) while the breaker is not closed,
 * nothing would be left to probe the provider, and fetching would stay held for good; so fetching is released then,
 * and the next message fetched probes it.
 */
final class StoreAndForward {
    private static final Logger LOG = LoggerFactory.getLogger(StoreAndForward.class);
    static final String HOLD_REASON = "circuit breaker open: provider unavailable";

    /** What the consumer loop offers to hold fetching; {@code ConsumerLoop::holdFetching} and its release. */
    interface FetchControl {
        void hold(String reason);

        void release();
    }

    private final CircuitBreaker breaker;
    private final Channel channel;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong timesOpened = new AtomicLong();
    /** The failed calls in the breaker's window when it last opened from CLOSED (-1 before it ever did). */
    private final AtomicLong failuresWhenOpened = new AtomicLong(-1);
    private volatile FetchControl fetch;

    StoreAndForward(CircuitBreaker breaker, Channel channel) {
        this.breaker = breaker;
        this.channel = channel;
        breaker.getEventPublisher().onStateTransition(this::onTransition);
    }

    /** Starts holding and releasing {@code fetch} on the breaker's transitions (set once the consumer loop exists). */
    void control(FetchControl fetch) {
        this.fetch = Objects.requireNonNull(fetch, "fetch");
    }

    /** Notes that the message waits for the provider; true the first time, when it is to be marked PENDING. */
    boolean startWaiting(UUID messageId, UUID recipientId) {
        return pending.add(key(messageId, recipientId));
    }

    /** Forgets that the message waits, e.g. when publishing its PENDING failed, so the next attempt publishes it. */
    void forget(UUID messageId, UUID recipientId) {
        pending.remove(key(messageId, recipientId));
    }

    /** The message no longer waits: it was sent, rejected or given up. */
    void ended(UUID messageId, UUID recipientId) {
        if (pending.remove(key(messageId, recipientId)) && pending.isEmpty()
                && breaker.getState() != CircuitBreaker.State.CLOSED) {
            FetchControl control = fetch;
            if (control != null) {
                LOG.info("no message of {} waits for the provider while its breaker is {}: fetching released, so that"
                        + " the next message probes it", channel.wireName(), breaker.getState());
                control.release();
            }
        }
    }

    /** Messages marked PENDING that have not ended yet. */
    int waiting() {
        return pending.size();
    }

    /** How often the breaker opened since start. */
    long timesOpened() {
        return timesOpened.get();
    }

    /**
     * How many failed calls the breaker had counted when it last opened from CLOSED, from its own transition event
     * (-1 if it never did): the configured threshold, whatever the timing.
     */
    long failuresWhenOpened() {
        return failuresWhenOpened.get();
    }

    private void onTransition(CircuitBreakerOnStateTransitionEvent event) {
        CircuitBreaker.State from = event.getStateTransition().getFromState();
        CircuitBreaker.State to = event.getStateTransition().getToState();
        int failed = breaker.getMetrics().getNumberOfFailedCalls();
        LOG.atLevel(to == CircuitBreaker.State.OPEN ? org.slf4j.event.Level.WARN : org.slf4j.event.Level.INFO)
                .addKeyValue("channel", channel.wireName())
                .addKeyValue("from", from.name())
                .addKeyValue("to", to.name())
                .addKeyValue("failed_calls", failed)
                .log("circuit breaker of {} {} -> {} ({} failed calls in its window)", channel.wireName(), from, to,
                        failed);
        FetchControl control = fetch;
        if (to == CircuitBreaker.State.OPEN) {
            timesOpened.incrementAndGet();
            if (from == CircuitBreaker.State.CLOSED) {
                failuresWhenOpened.set(failed);
            }
            if (control != null) {
                control.hold(HOLD_REASON);
            }
        } else if (to == CircuitBreaker.State.CLOSED && control != null) {
            control.release();
        }
    }

    private static String key(UUID messageId, UUID recipientId) {
        return messageId + "/" + recipientId;
    }
}
