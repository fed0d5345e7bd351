package io.chat4all.kit;

import java.time.Duration;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClientSettingsTest {

    private static Config config(Map<String, String> values) {
        return Config.just(ConfigSources.create(values));
    }

    @Test
    void emptyNodesGiveTheLocalStacksDefaults() {
        assertEquals(new KafkaSettings("127.0.0.1:9092", Duration.ofSeconds(5)),
                KafkaSettings.from(config(Map.of()).get("kafka")));
        assertEquals(new CassandraSettings("127.0.0.1", 9042, "datacenter1", "chat4all", Duration.ofSeconds(5)),
                CassandraSettings.from(config(Map.of()).get("cassandra")));
    }

    @Test
    void keysOverrideDefaultsAndClientsGetServersAndTheirOwnId() {
        KafkaSettings kafka = KafkaSettings.from(config(Map.of("kafka.servers", "broker-1:9092,broker-2:9092",
                "kafka.publish-timeout", "PT2S")).get("kafka"));
        assertEquals(Duration.ofSeconds(2), kafka.publishTimeout());
        Map<String, Object> client = kafka.client("chat4all-test");
        assertEquals("broker-1:9092,broker-2:9092", client.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("chat4all-test", client.get(CommonClientConfigs.CLIENT_ID_CONFIG));
    }

    @Test
    void nonsenseIsRefusedAtStartNotAtFirstUse() {
        assertThrows(IllegalArgumentException.class,
                () -> CassandraSettings.from(config(Map.of("cassandra.port", "70000")).get("cassandra")));
        assertThrows(IllegalArgumentException.class,
                () -> KafkaSettings.from(config(Map.of("kafka.publish-timeout", "PT0S")).get("kafka")));
    }
}
