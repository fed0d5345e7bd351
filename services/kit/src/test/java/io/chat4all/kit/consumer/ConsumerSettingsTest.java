package io.chat4all.kit.consumer;

import java.time.Duration;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConsumerSettingsTest {
    @Test
    void defaultsWhenTheNodeIsEmpty() {
        ConsumerSettings settings = ConsumerSettings.from(Config.empty().get("router"), "chat4all-router");

        assertEquals(new ConsumerSettings("chat4all-router", 500, Duration.ofSeconds(10), 3,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)), 1000, Duration.ofSeconds(30), Duration.ofSeconds(1)), settings);
    }

    @Test
    void readsEveryKeyOfTheNode() {
        Config config = Config.just(ConfigSources.create(Map.of(
                "router.group", "router-test",
                "router.max-poll-records", "50",
                "router.session-timeout", "PT7S",
                "router.max-attempts", "5",
                "router.retry-delay", "PT0.2S",
                "router.retry-max-delay", "PT1S",
                "router.max-in-flight", "64",
                "router.stall-threshold", "PT2M",
                "router.commit-interval", "PT0.25S")));

        ConsumerSettings settings = ConsumerSettings.from(config.get("router"), "unused");

        assertEquals(new ConsumerSettings("router-test", 50, Duration.ofSeconds(7), 5,
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)), 64, Duration.ofMinutes(2),
                Duration.ofMillis(250)), settings);
    }

    @Test
    void consumerPropertiesCommitByHandFromTheEarliestOffset() {
        ConsumerSettings settings = ConsumerSettings.from(Config.empty(), "router-test");

        Map<String, Object> props = settings.consumerProperties(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092"));

        assertEquals("127.0.0.1:19092", props.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("router-test", props.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals(false, props.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertEquals("earliest", props.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
        assertEquals(500, props.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        assertEquals(10_000, props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> ConsumerSettings.from(Config.just(ConfigSources.create(
                Map.of("router.max-attempts", "0"))).get("router"), "g"));
        assertThrows(IllegalArgumentException.class, () -> ConsumerSettings.from(Config.just(ConfigSources.create(
                Map.of("router.stall-threshold", "PT0S"))).get("router"), "g"));
        assertThrows(IllegalArgumentException.class, () -> ConsumerSettings.from(Config.just(ConfigSources.create(
                Map.of("router.retry-delay", "PT10S", "router.retry-max-delay", "PT1S"))).get("router"), "g"));
    }
}
