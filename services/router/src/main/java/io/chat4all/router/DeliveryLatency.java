package io.chat4all.router;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.chat4all.contracts.Channel;
import io.chat4all.kit.DurationHistograms;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;

/**
 * {@code chat4all.delivery.latency} (s; {@code chat4all_delivery_latency_seconds} in Prometheus), by {@code channel}:
 * from the api's accepting a message to a recipient's first DELIVERED (or READ, when no DELIVERED came before it), by
 * the reporter's clock. One sample per recipient. Recorded by the status applier while the status event's trace
 * context is current, so the sample's exemplar points at the message's trace. Recipients served inside Chat4All (no
 * channel: their own client reported it) count as {@code channel="in_app"}.
 */
final class DeliveryLatency {
    static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("channel");
    static final String IN_APP = "in_app";
    /** 5 ms to a minute: a provider's receipt normally comes in seconds; a store-and-forward delivery much later. */
    static final List<Double> BUCKETS_SECONDS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            20.0, 30.0, 60.0);

    private final DoubleHistogram latency;

    DeliveryLatency(Meter meter) {
        latency = DurationHistograms.seconds(meter, "chat4all.delivery.latency",
                "From a message's acceptance by the api to its first delivery to a recipient, per recipient",
                BUCKETS_SECONDS);
    }

    /** A recipient's message, accepted at {@code acceptedAt}, was delivered at {@code deliveredAt}. */
    void delivered(Optional<Channel> channel, Instant acceptedAt, Instant deliveredAt) {
        Duration took = Duration.between(acceptedAt, deliveredAt);
        // The two times come from different clocks (api, connector): a skew must not make a negative sample.
        double seconds = took.isNegative() ? 0 : DurationHistograms.seconds(took.toNanos());
        latency.record(seconds, Attributes.of(CHANNEL, channel.map(Channel::wireName).orElse(IN_APP)));
    }
}
