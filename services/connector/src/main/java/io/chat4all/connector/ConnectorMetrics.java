package io.chat4all.connector;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

import io.chat4all.contracts.Channel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;

/**
 * The connector's instruments, with a {@code channel} attribute. In Prometheus: {@code circuit_breaker_state} (0
 * closed, 1 open, 2 half-open) and {@code messages_sent_total{status}}, the specification's names and labels;
 * {@code status} is an {@link Outcome}, five values. Beyond the specification, {@code chat4all_messages_pending}: the
 * messages marked PENDING and neither sent nor failed yet (the store-and-forward backlog).
 */
final class ConnectorMetrics implements AutoCloseable {
    static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("channel");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");

    /** What became of one attempt to send a message. */
    enum Outcome {
        /** The provider took it. */
        ACCEPTED,
        /** The provider had it already (a retry or redelivery); it was not sent again. */
        DUPLICATE,
        /** The provider refused it for good: FAILED. */
        REJECTED,
        /** The provider could not take it now: PENDING, retried. */
        UNAVAILABLE,
        /** It waited longer than give-up-after: FAILED. */
        EXPIRED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final ObservableLongGauge breakerState;
    private final ObservableLongGauge pending;
    private final LongCounter sent;
    private final Map<Outcome, Attributes> byOutcome = new EnumMap<>(Outcome.class);

    /** @param waiting the messages marked PENDING that have not ended yet ({@link StoreAndForward#waiting()}) */
    ConnectorMetrics(Meter meter, Channel channel, CircuitBreaker breaker, IntSupplier waiting) {
        Attributes channelOnly = Attributes.of(CHANNEL, channel.wireName());
        for (Outcome outcome : Outcome.values()) {
            byOutcome.put(outcome, Attributes.of(CHANNEL, channel.wireName(), STATUS, outcome.label()));
        }
        breakerState = meter.gaugeBuilder("circuit_breaker_state").ofLongs()
                .setDescription("State of the circuit breaker around the provider: 0 closed, 1 open, 2 half-open")
                .buildWithCallback(gauge -> gauge.record(stateValue(breaker.getState()), channelOnly));
        pending = meter.gaugeBuilder("chat4all.messages.pending").ofLongs()
                .setUnit("{message}")
                .setDescription("Messages marked PENDING (provider unavailable) and not yet sent or failed")
                .buildWithCallback(gauge -> gauge.record(waiting.getAsInt(), channelOnly));
        sent = meter.counterBuilder("messages_sent")
                .setUnit("{message}")
                .setDescription("Attempts to send a message to the provider, by their outcome (status)")
                .build();
    }

    void sent(Outcome outcome) {
        sent.add(1, byOutcome.get(outcome));
    }

    /** 0 closed, 1 open, 2 half-open; a breaker forced or disabled by hand counts as what it does. */
    static long stateValue(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED, DISABLED, METRICS_ONLY -> 0;
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
        };
    }

    @Override
    public void close() {
        breakerState.close();
        pending.close();
    }
}
