package io.chat4all.connector;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.chat4all.contracts.Channel;
import io.helidon.config.Config;

/**
 * The {@code connector} config node (env vars override keys: {@code CONNECTOR_CHANNEL} for {@code connector.channel},
 * {@code CONNECTOR_WEBHOOK_dash_SECRET} for {@code connector.webhook-secret}, ...). The defaults live here only; the
 * consumer keys of the same node ({@code group}, {@code max-in-flight}, ...) are the kit's
 * {@link io.chat4all.kit.consumer.ConsumerSettings}.
 *
 * @param channel       the one channel this instance serves ({@code channel}, required: whatsapp or instagram)
 * @param providerUrl   base URL of the provider ({@code provider-url})
 * @param webhookSecret shared HMAC-SHA256 key of webhook signatures and of {@code callback_data}
 *                      ({@code webhook-secret}, required, at least 32 bytes)
 * @param breaker       the circuit breaker around provider calls ({@code breaker.*})
 * @param retry         retries of one provider call ({@code retry.*})
 * @param callTimeout   how long one provider call may take ({@code call-timeout})
 * @param giveUpAfter   how long after its acceptance a message that cannot be delivered (provider unavailable) turns
 *                      FAILED and is dead-lettered ({@code give-up-after})
 */
public record ConnectorSettings(Channel channel, URI providerUrl, byte[] webhookSecret, BreakerSettings breaker,
                                RetrySettings retry, Duration callTimeout, Duration giveUpAfter) {
    public static final int MIN_SECRET_BYTES = 32;
    static final URI DEFAULT_PROVIDER_URL = URI.create("http://127.0.0.1:8090");
    static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofHours(1);

    public ConnectorSettings {
        requirePositive("call-timeout", callTimeout);
        requirePositive("give-up-after", giveUpAfter);
    }

    /** The settings under {@code connector}; refuses (with what to set) when the channel or the secret is missing. */
    public static ConnectorSettings from(Config connector) {
        String channelName = connector.get("channel").asString()
                .orElseThrow(() -> new IllegalStateException(
                        "connector.channel (env CONNECTOR_CHANNEL) is required: whatsapp or instagram"));
        Channel channel = Channel.fromWireName(channelName)
                .orElseThrow(() -> new IllegalStateException(
                        "connector.channel (env CONNECTOR_CHANNEL) must be whatsapp or instagram, got " + channelName));
        byte[] secret = connector.get("webhook-secret").asString()
                .map(text -> text.getBytes(StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException("connector.webhook-secret (env CONNECTOR_WEBHOOK_dash_SECRET)"
                        + " is required: the key, shared with the provider, of webhook signatures and callback data,"
                        + " at least " + MIN_SECRET_BYTES + " bytes"));
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("connector.webhook-secret (env CONNECTOR_WEBHOOK_dash_SECRET) is "
                    + secret.length + " bytes; HMAC-SHA256 needs at least " + MIN_SECRET_BYTES);
        }
        URI providerUrl = connector.get("provider-url").asString().map(URI::create).orElse(DEFAULT_PROVIDER_URL);
        if (!"http".equals(providerUrl.getScheme()) && !"https".equals(providerUrl.getScheme())) {
            throw new IllegalStateException("connector.provider-url must be an http(s) URL, got " + providerUrl);
        }
        return new ConnectorSettings(channel, providerUrl, secret,
                BreakerSettings.from(connector.get("breaker")), RetrySettings.from(connector.get("retry")),
                connector.get("call-timeout").as(Duration.class).orElse(DEFAULT_CALL_TIMEOUT),
                connector.get("give-up-after").as(Duration.class).orElse(DEFAULT_GIVE_UP_AFTER));
    }

    /** The consumer group of this channel's connectors. */
    public String defaultGroup() {
        return "chat4all-connector-" + channel.wireName();
    }

    /**
     * The count-based circuit breaker: it opens after {@code failure-threshold} consecutive failed calls, lets
     * {@code permitted-calls-in-half-open} probe calls through after {@code wait-in-open}, and closes when they pass.
     */
    public record BreakerSettings(int failureThreshold, Duration waitInOpen, int permittedCallsInHalfOpen) {
        static final int DEFAULT_FAILURE_THRESHOLD = 5;
        static final Duration DEFAULT_WAIT_IN_OPEN = Duration.ofSeconds(5);
        static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN = 1;

        public BreakerSettings {
            requireAtLeastOne("breaker.failure-threshold", failureThreshold);
            requireAtLeastOne("breaker.permitted-calls-in-half-open", permittedCallsInHalfOpen);
            requirePositive("breaker.wait-in-open", waitInOpen);
        }

        static BreakerSettings from(Config node) {
            return new BreakerSettings(
                    node.get("failure-threshold").asInt().orElse(DEFAULT_FAILURE_THRESHOLD),
                    node.get("wait-in-open").as(Duration.class).orElse(DEFAULT_WAIT_IN_OPEN),
                    node.get("permitted-calls-in-half-open").asInt().orElse(DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN));
        }
    }

    /**
     * Retries of one provider call that failed transiently: {@code max-attempts} in all, the delay starting at
     * {@code initial-delay}, doubling up to {@code max-delay}, each drawn within +/- {@code jitter} (a fraction) of it.
     */
    public record RetrySettings(int maxAttempts, Duration initialDelay, Duration maxDelay, double jitter) {
        static final int DEFAULT_MAX_ATTEMPTS = 3;
        static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(200);
        static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(2);
        static final double DEFAULT_JITTER = 0.5;

        public RetrySettings {
            requireAtLeastOne("retry.max-attempts", maxAttempts);
            requirePositive("retry.initial-delay", initialDelay);
            if (maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalStateException("retry.max-delay must be at least retry.initial-delay, got " + maxDelay);
            }
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalStateException("retry.jitter must be a fraction in [0, 1), got " + jitter);
            }
        }

        static RetrySettings from(Config node) {
            return new RetrySettings(
                    node.get("max-attempts").asInt().orElse(DEFAULT_MAX_ATTEMPTS),
                    node.get("initial-delay").as(Duration.class).orElse(DEFAULT_INITIAL_DELAY),
                    node.get("max-delay").as(Duration.class).orElse(DEFAULT_MAX_DELAY),
                    node.get("jitter").asDouble().orElse(DEFAULT_JITTER));
        }
    }

    private static void requireAtLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalStateException("connector." + key + " must be at least 1, got " + value);
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || !value.isPositive()) {
            throw new IllegalStateException("connector." + key + " must be a positive duration, got " + value);
        }
    }
}
