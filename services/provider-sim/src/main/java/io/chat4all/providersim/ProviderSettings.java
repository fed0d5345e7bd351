package io.chat4all.providersim;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

import io.chat4all.contracts.Channel;
import io.helidon.config.Config;

/**
 * The {@code provider} config node; every default is here. Env vars override keys ({@code _} for {@code .},
 * {@code _dash_} for {@code -}): {@code PROVIDER_WEBHOOK_dash_SECRET}, {@code PROVIDER_WEBHOOKS_WHATSAPP},
 * {@code PROVIDER_CHANNELS_INSTAGRAM_FAULTS_ERROR_dash_RATE}, ...
 *
 * @param webhookSecret      HMAC-SHA256 key that signs webhooks ({@code webhook-secret}); required, at least 32 bytes
 * @param webhooks           where each channel's webhooks go ({@code webhooks.<channel>}); by default the connector
 *                           instances of ADR 0003 on loopback
 * @param seed               seed of every random choice ({@code seed}), for repeatable runs; none by default
 * @param maxTrackedMessages message ids remembered per channel for idempotency and counts
 *                           ({@code max-tracked-messages}); the oldest is forgotten beyond it
 * @param delivery           webhook delivery ({@code webhook-delivery.*})
 * @param faults             each channel's faults at start and after a reset ({@code channels.<channel>.faults.*})
 * @param receipts           each channel's receipts at start and after a reset ({@code channels.<channel>.receipts.*})
 */
public record ProviderSettings(byte[] webhookSecret, Map<Channel, URI> webhooks, OptionalLong seed,
                               int maxTrackedMessages, WebhookDelivery delivery, Map<Channel, Faults> faults,
                               Map<Channel, ReceiptSettings> receipts) {
    public static final int MIN_SECRET_BYTES = 32;
    static final int DEFAULT_MAX_TRACKED_MESSAGES = 50_000;

    public ProviderSettings {
        if (maxTrackedMessages < 1) {
            throw new IllegalArgumentException("provider.max-tracked-messages must be at least 1, got " + maxTrackedMessages);
        }
        webhooks = Map.copyOf(webhooks);
        faults = Map.copyOf(faults);
        receipts = Map.copyOf(receipts);
    }

    static URI defaultWebhook(Channel channel) {
        int port = channel == Channel.WHATSAPP ? 8083 : 8084;
        return URI.create("http://127.0.0.1:" + port + "/webhooks/" + channel.wireName());
    }

    static Faults defaultFaults(Channel channel) {
        Faults.Latency latency = channel == Channel.WHATSAPP ? new Faults.Latency(30, 200) : new Faults.Latency(50, 400);
        return new Faults(0, 0, Outage.NONE, latency, new Faults.Spike(0, 0), 1);
    }

    static ReceiptSettings defaultReceipts(Channel channel) {
        return new ReceiptSettings(200, 1, 1_000, 1);
    }

    private static URI webhookUrl(Channel channel, String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            url = null;
        }
        if (url == null || url.getHost() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalStateException("provider.webhooks." + channel.wireName() + " must be an absolute http(s) URL,"
                    + " got '" + text + "'");
        }
        return url;
    }

    /** The settings under {@code provider}; throws with a message naming the key when one is missing or invalid. */
    public static ProviderSettings from(Config provider) {
        byte[] secret = provider.get("webhook-secret").asString()
                .map(text -> text.getBytes(StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException("provider.webhook-secret (env PROVIDER_WEBHOOK_dash_SECRET)"
                        + " is required: the key, of at least " + MIN_SECRET_BYTES + " bytes, that signs webhooks"
                        + " (the connectors must have the same one)"));
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("provider.webhook-secret (env PROVIDER_WEBHOOK_dash_SECRET) is "
                    + secret.length + " bytes; at least " + MIN_SECRET_BYTES + " are required");
        }
        Map<Channel, URI> webhooks = new EnumMap<>(Channel.class);
        Map<Channel, Faults> faults = new EnumMap<>(Channel.class);
        Map<Channel, ReceiptSettings> receipts = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            webhooks.put(channel, provider.get("webhooks." + channel.wireName()).asString()
                    .map(url -> webhookUrl(channel, url)).orElse(defaultWebhook(channel)));
            Config node = provider.get("channels." + channel.wireName());
            faults.put(channel, Faults.from(node.get("faults"), defaultFaults(channel)));
            receipts.put(channel, ReceiptSettings.from(node.get("receipts"), defaultReceipts(channel)));
        }
        return new ProviderSettings(secret, webhooks,
                provider.get("seed").asLong().map(OptionalLong::of).orElse(OptionalLong.empty()),
                provider.get("max-tracked-messages").asInt().orElse(DEFAULT_MAX_TRACKED_MESSAGES),
                WebhookDelivery.from(provider.get("webhook-delivery")), faults, receipts);
    }
}
