package io.chat4all.kit.consumer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.helidon.config.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How a {@link ConsumerLoop} consumes, from a service's config node (the router's is {@code router}; env vars
 * override keys, e.g. {@code ROUTER_MAX_dash_ATTEMPTS} for {@code router.max-attempts}). The defaults live here only.
 *
 * @param group          consumer group shared by all instances ({@code group})
 * @param maxPollRecords records per poll ({@code max-poll-records})
 * @param sessionTimeout how long an instance that died without leaving the group keeps its partitions
 *                       ({@code session-timeout})
 * @param maxAttempts    attempts at a record that fails permanently before it is dead-lettered ({@code max-attempts});
 *                       transient failures do not count
 * @param retryBackoff   delay between attempts: {@code retry-delay} doubling up to {@code retry-max-delay}
 * @param maxInFlight    records polled and not finished beyond which fetching pauses ({@code max-in-flight})
 * @param stallThreshold how long the oldest unfinished record of a partition may wait before the partition counts as
 *                       stalled and readiness goes down ({@code stall-threshold})
 * @param commitInterval how often, at most, finished records are committed ({@code commit-interval}); zero commits on
 *                       every turn of the loop. A commit is a round trip the loop waits for and a write to Kafka's
 *                       offsets log: once per turn, under load, it cost the broker more than the records themselves.
 *                       Longer means more records handled again after a crash (handlers are idempotent).
 */
public record ConsumerSettings(String group, int maxPollRecords, Duration sessionTimeout, int maxAttempts,
                               Backoff retryBackoff, int maxInFlight, Duration stallThreshold,
                               Duration commitInterval) {
    static final int DEFAULT_MAX_POLL_RECORDS = 500;
    static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(100);
    static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(5);
    static final int DEFAULT_MAX_IN_FLIGHT = 1000;
    static final Duration DEFAULT_STALL_THRESHOLD = Duration.ofSeconds(30);
    static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);

    public ConsumerSettings {
        requirePositive("max-poll-records", maxPollRecords);
        requirePositive("max-attempts", maxAttempts);
        requirePositive("max-in-flight", maxInFlight);
        if (!stallThreshold.isPositive() || !sessionTimeout.isPositive()) {
            throw new IllegalArgumentException("stall-threshold and session-timeout must be positive, got "
                    + stallThreshold + " and " + sessionTimeout);
        }
        if (commitInterval.isNegative()) {
            throw new IllegalArgumentException("commit-interval must not be negative, got " + commitInterval);
        }
    }

    /** The settings under {@code node}; {@code defaultGroup} when it names no group. */
    public static ConsumerSettings from(Config node, String defaultGroup) {
        return new ConsumerSettings(
                node.get("group").asString().orElse(defaultGroup),
                node.get("max-poll-records").asInt().orElse(DEFAULT_MAX_POLL_RECORDS),
                node.get("session-timeout").as(Duration.class).orElse(DEFAULT_SESSION_TIMEOUT),
                node.get("max-attempts").asInt().orElse(DEFAULT_MAX_ATTEMPTS),
                new Backoff(node.get("retry-delay").as(Duration.class).orElse(DEFAULT_RETRY_DELAY),
                        node.get("retry-max-delay").as(Duration.class).orElse(DEFAULT_RETRY_MAX_DELAY)),
                node.get("max-in-flight").asInt().orElse(DEFAULT_MAX_IN_FLIGHT),
                node.get("stall-threshold").as(Duration.class).orElse(DEFAULT_STALL_THRESHOLD),
                node.get("commit-interval").as(Duration.class).orElse(DEFAULT_COMMIT_INTERVAL));
    }

    /** Kafka consumer properties: {@code common} (servers, client id) plus these settings; deserializers not included. */
    public Map<String, Object> consumerProperties(Map<String, Object> common) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        // The loop commits by hand, and only up to the first record of each partition that is not finished.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // An instance that dies without leaving the group holds its partitions until this expires: keep failover short
        // (Kafka's default is 45 s; the broker accepts 6 s at the least).
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) sessionTimeout.toMillis() / 3);
        return props;
    }

    private static void requirePositive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, got " + value);
        }
    }
}
