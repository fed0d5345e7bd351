package io.chat4all.kit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.helidon.config.Config;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * A service's {@code kafka} config node (env: {@code KAFKA_SERVERS}, {@code KAFKA_PUBLISH_dash_TIMEOUT}). The
 * defaults live here only.
 *
 * @param servers        bootstrap servers, {@code host:port[,host:port...]} ({@code servers})
 * @param publishTimeout how long a request that publishes waits for the broker's acknowledgement before it gives up
 *                       ({@code publish-timeout}; used by services that answer a client only after an ack)
 */
public record KafkaSettings(String servers, Duration publishTimeout) {
    static final String DEFAULT_SERVERS = "127.0.0.1:9092";
    static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    public KafkaSettings {
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("kafka.servers must name at least one broker");
        }
        if (!publishTimeout.isPositive()) {
            throw new IllegalArgumentException("kafka.publish-timeout must be positive, got " + publishTimeout);
        }
    }

    public static KafkaSettings from(Config kafka) {
        return new KafkaSettings(kafka.get("servers").asString().orElse(DEFAULT_SERVERS),
                kafka.get("publish-timeout").as(Duration.class).orElse(DEFAULT_PUBLISH_TIMEOUT));
    }

    /** The properties every client of the service shares (servers, client id); callers add their own. */
    public Map<String, Object> client(String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}
