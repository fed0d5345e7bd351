package io.chat4all.providersim;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * When a channel reports what happened to a message it sent, as set by {@code PUT /admin/channels/{channel}/receipts}
 * and read back as JSON ({@code delivered_delay_ms}, {@code delivered_probability}, {@code read_delay_ms},
 * {@code read_probability}).
 *
 * @param deliveredDelayMs     wait after the send before the {@code delivered} webhook
 * @param deliveredProbability chance (0 to 1) that a sent message is delivered at all
 * @param readDelayMs          wait after the {@code delivered} webhook was taken before the {@code read} webhook
 * @param readProbability      chance (0 to 1) that a delivered message is read
 */
public record ReceiptSettings(long deliveredDelayMs, double deliveredProbability, long readDelayMs,
                              double readProbability) {

    public ReceiptSettings {
        if (deliveredDelayMs < 0 || readDelayMs < 0) {
            throw new IllegalArgumentException("receipt delays must not be negative, got " + deliveredDelayMs
                    + " and " + readDelayMs + " ms");
        }
        Faults.requireFraction("delivered_probability", deliveredProbability);
        Faults.requireFraction("read_probability", readProbability);
    }

    /**
     * The receipts under a channel's {@code receipts} config node: {@code delivered-delay}, {@code read-delay}
     * (ISO-8601 durations), {@code delivered-probability}, {@code read-probability}; {@code defaults} for keys not set.
     */
    static ReceiptSettings from(Config node, ReceiptSettings defaults) {
        return new ReceiptSettings(
                node.get("delivered-delay").as(Duration.class).map(Duration::toMillis).orElse(defaults.deliveredDelayMs()),
                node.get("delivered-probability").asDouble().orElse(defaults.deliveredProbability()),
                node.get("read-delay").as(Duration.class).map(Duration::toMillis).orElse(defaults.readDelayMs()),
                node.get("read-probability").asDouble().orElse(defaults.readProbability()));
    }
}
