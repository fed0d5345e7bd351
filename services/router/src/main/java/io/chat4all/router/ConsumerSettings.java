package io.chat4all.router;

import java.time.Duration;
import java.util.Map;

import io.chat4all.common.KafkaSettings;
import io.helidon.config.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The router's Kafka consumer properties, from the service config ({@code kafka.*}, {@code router.*}). */
final class ConsumerSettings {
    static final String DEFAULT_GROUP = "chat4all-router";
    static final int DEFAULT_MAX_POLL_RECORDS = 500;
    static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

    private ConsumerSettings() {
    }

    static Map<String, Object> of(Config config) {
        Config router = config.get("router");
        Map<String, Object> props = KafkaSettings.common(config.get("kafka"), "chat4all-router");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, router.get("group").asString().orElse(DEFAULT_GROUP));
        // Offsets are committed by hand, and only past records that are stored (or dead-lettered).
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                router.get("max-poll-records").asInt().orElse(DEFAULT_MAX_POLL_RECORDS));
        // A router that dies without leaving the group holds its partitions until this expires: keep failover short
        // (Kafka's default is 45 s; the broker accepts 6 s at the least).
        Duration sessionTimeout = router.get("session-timeout").as(Duration.class).orElse(DEFAULT_SESSION_TIMEOUT);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) sessionTimeout.toMillis() / 3);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
