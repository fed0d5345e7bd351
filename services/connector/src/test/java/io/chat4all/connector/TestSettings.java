package io.chat4all.connector;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.chat4all.contracts.Channel;

/** Connector settings for unit tests: short delays, so that waits end quickly. */
final class TestSettings {
    static final byte[] SECRET = "a-webhook-secret-of-32-bytes-at-least".getBytes(StandardCharsets.UTF_8);

    private TestSettings() {
    }

    static ConnectorSettings of(URI providerUrl, int failureThreshold, int retryAttempts, Duration waitInOpen) {
        return new ConnectorSettings(Channel.WHATSAPP, providerUrl, SECRET,
                new ConnectorSettings.BreakerSettings(failureThreshold, waitInOpen, 1),
                new ConnectorSettings.RetrySettings(retryAttempts, Duration.ofMillis(10), Duration.ofMillis(20), 0.5),
                Duration.ofSeconds(2), Duration.ofHours(1));
    }
}
