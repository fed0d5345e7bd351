package io.chat4all.providersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;

import io.chat4all.contracts.Channel;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void refusesToStartWithoutASecretAndSaysWhichVariableToSet() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> settings(Map.of()));
        assertTrue(e.getMessage().contains("PROVIDER_WEBHOOK_dash_SECRET"), e.getMessage());
    }

    @Test
    void refusesAShortSecret() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> settings(Map.of("provider.webhook-secret", "short")));
        assertTrue(e.getMessage().contains("at least 32"), e.getMessage());
    }

    @Test
    void defaultsPointWebhooksAtTheConnectors() {
        ProviderSettings settings = settings(Map.of("provider.webhook-secret", SECRET));

        assertEquals(URI.create("http://127.0.0.1:8083/webhooks/whatsapp"), settings.webhooks().get(Channel.WHATSAPP));
        assertEquals(URI.create("http://127.0.0.1:8084/webhooks/instagram"), settings.webhooks().get(Channel.INSTAGRAM));
        assertEquals(Outage.NONE, settings.faults().get(Channel.WHATSAPP).outage());
        assertTrue(settings.seed().isEmpty());
    }

    @Test
    void channelKeysOverrideTheirDefaultsOnly() {
        ProviderSettings settings = settings(Map.of("provider.webhook-secret", SECRET,
                "provider.seed", "9",
                "provider.channels.instagram.faults.outage", "disconnect",
                "provider.channels.instagram.faults.latency.p99-ms", "900",
                "provider.channels.instagram.receipts.read-delay", "PT3S"));

        Faults instagram = settings.faults().get(Channel.INSTAGRAM);
        assertEquals(Outage.DISCONNECT, instagram.outage());
        assertEquals(900, instagram.latency().p99Ms());
        assertEquals(ProviderSettings.defaultFaults(Channel.INSTAGRAM).latency().medianMs(), instagram.latency().medianMs());
        assertEquals(3_000, settings.receipts().get(Channel.INSTAGRAM).readDelayMs());
        assertEquals(ProviderSettings.defaultFaults(Channel.WHATSAPP), settings.faults().get(Channel.WHATSAPP));
        assertEquals(9, settings.seed().getAsLong());
    }

    @Test
    void refusesAWebhookThatIsNotAnHttpUrl() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> settings(Map.of(
                "provider.webhook-secret", SECRET, "provider.webhooks.whatsapp", "localhost:8083")));
        assertTrue(e.getMessage().contains("provider.webhooks.whatsapp"), e.getMessage());
    }

    private static ProviderSettings settings(Map<String, String> config) {
        return ProviderSettings.from(Config.just(ConfigSources.create(config)).get("provider"));
    }
}
