package io.chat4all.api.auth;

import java.time.Duration;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthSettingsTest {

    @Test
    void defaultsApplyBesideTheSecret() {
        AuthSettings settings = AuthSettings.from(auth(Map.of("secret", "x".repeat(32))));
        assertEquals("chat4all", settings.issuer());
        assertEquals(Duration.ofHours(1), settings.tokenTtl());
        assertEquals(10, settings.bcryptCost());
    }

    @Test
    void everyKeyIsRead() {
        AuthSettings settings = AuthSettings.from(auth(Map.of("secret", "y".repeat(40), "issuer", "me",
                "token-ttl", "PT5M", "bcrypt-cost", "12")));
        assertEquals(40, settings.secret().length);
        assertEquals("me", settings.issuer());
        assertEquals(Duration.ofMinutes(5), settings.tokenTtl());
        assertEquals(12, settings.bcryptCost());
    }

    @Test
    void noSecretNoStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AuthSettings.from(auth(Map.of())));
        assertTrue(e.getMessage().contains("AUTH_SECRET"), e.getMessage());
    }

    @Test
    void aShortSecretIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AuthSettings.from(auth(Map.of("secret", "x".repeat(31)))));
        assertTrue(e.getMessage().contains("32"), e.getMessage());
    }

    @Test
    void anImpossibleCostIsRefused() {
        assertThrows(IllegalStateException.class,
                () -> AuthSettings.from(auth(Map.of("secret", "x".repeat(32), "bcrypt-cost", "3"))));
    }

    private static Config auth(Map<String, String> values) {
        return Config.just(ConfigSources.create(values));
    }
}
