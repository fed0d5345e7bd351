package io.chat4all.kit;

import java.util.HashMap;
import java.util.Map;

import io.helidon.config.Config;
import org.apache.kafka.clients.CommonClientConfigs;

/** Kafka client properties from a service's {@code kafka} config node ({@code servers}; env: {@code KAFKA_SERVERS}). */
public final class KafkaSettings {
    private KafkaSettings() {
    }

    /** The properties every client of the service shares; callers add producer or consumer settings. */
    public static Map<String, Object> common(Config kafka, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.get("servers").asString().orElse("127.0.0.1:9092"));
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}
