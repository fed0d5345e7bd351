package io.chat4all.router;

import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsumerSettingsTest {
    @Test
    void manualCommitsFromTheEarliestOffsetWithDefaults() {
        Map<String, Object> props = ConsumerSettings.of(Config.empty());

        assertEquals("chat4all-router", props.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals(false, props.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertEquals("earliest", props.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
        assertEquals(500, props.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
    }

    @Test
    void readsGroupPollSizeAndServersFromConfig() {
        Config config = Config.just(ConfigSources.create(Map.of(
                "router.group", "router-test",
                "router.max-poll-records", "50",
                "kafka.servers", "127.0.0.1:19092")));

        Map<String, Object> props = ConsumerSettings.of(config);

        assertEquals("router-test", props.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals(50, props.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        assertEquals("127.0.0.1:19092", props.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }
}
