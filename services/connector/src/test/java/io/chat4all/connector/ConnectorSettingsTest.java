package io.chat4all.connector;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.chat4all.contracts.Channel;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectorSettingsTest {
    private static final String SECRET = "a-webhook-secret-of-32-bytes-at-least";

    @Test
    void defaults() {
        ConnectorSettings settings = from(Map.of("channel", "instagram", "webhook-secret", SECRET));

        assertEquals(Channel.INSTAGRAM, settings.channel());
        assertEquals(URI.create("http://127.0.0.1:8090"), settings.providerUrl());
        assertEquals(new ConnectorSettings.BreakerSettings(5, Duration.ofSeconds(5), 1), settings.breaker());
        assertEquals(new ConnectorSettings.RetrySettings(3, Duration.ofMillis(200), Duration.ofSeconds(2), 0.5),
                settings.retry());
        assertEquals(Duration.ofSeconds(2), settings.callTimeout());
        assertEquals(Duration.ofHours(1), settings.giveUpAfter());
        assertEquals("chat4all-connector-instagram", settings.defaultGroup());
    }

    @Test
    void keysOverrideDefaults() {
        Map<String, String> keys = new HashMap<>(Map.of("channel", "WhatsApp", "webhook-secret", SECRET,
                "provider-url", "http://127.0.0.1:9999", "breaker.failure-threshold", "3", "breaker.wait-in-open", "PT1S",
                "retry.max-attempts", "1", "call-timeout", "PT0.5S", "give-up-after", "PT10M"));

        ConnectorSettings settings = from(keys);

        assertEquals(Channel.WHATSAPP, settings.channel());
        assertEquals(URI.create("http://127.0.0.1:9999"), settings.providerUrl());
        assertEquals(3, settings.breaker().failureThreshold());
        assertEquals(Duration.ofSeconds(1), settings.breaker().waitInOpen());
        assertEquals(1, settings.retry().maxAttempts());
        assertEquals(Duration.ofMillis(500), settings.callTimeout());
        assertEquals(Duration.ofMinutes(10), settings.giveUpAfter());
    }

    @Test
    void refusesToStartWithoutASecretSayingWhatToSet() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> from(Map.of("channel", "whatsapp")));
        assertTrue(e.getMessage().contains("CONNECTOR_WEBHOOK_dash_SECRET"), e.getMessage());

        IllegalStateException shortSecret = assertThrows(IllegalStateException.class,
                () -> from(Map.of("channel", "whatsapp", "webhook-secret", "short")));
        assertTrue(shortSecret.getMessage().contains("at least 32"), shortSecret.getMessage());
    }

    @Test
    void refusesToStartWithoutAKnownChannel() {
        assertTrue(assertThrows(IllegalStateException.class, () -> from(Map.of("webhook-secret", SECRET)))
                .getMessage().contains("CONNECTOR_CHANNEL"));
        assertTrue(assertThrows(IllegalStateException.class, () -> from(Map.of("channel", "telegram",
                "webhook-secret", SECRET))).getMessage().contains("telegram"));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalStateException.class, () -> from(Map.of("channel", "whatsapp", "webhook-secret", SECRET,
                "breaker.failure-threshold", "0")));
        assertThrows(IllegalStateException.class, () -> from(Map.of("channel", "whatsapp", "webhook-secret", SECRET,
                "retry.jitter", "1.5")));
        assertThrows(IllegalStateException.class, () -> from(Map.of("channel", "whatsapp", "webhook-secret", SECRET,
                "provider-url", "ftp://x")));
    }

    private static ConnectorSettings from(Map<String, String> connectorKeys) {
        Map<String, String> keys = new HashMap<>();
        connectorKeys.forEach((key, value) -> keys.put("connector." + key, value));
        return ConnectorSettings.from(Config.just(ConfigSources.create(keys)).get("connector"));
    }
}
