package io.chat4all.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated files of the stack's processes. */
class ConfigFilesTest {

    private static final StackPorts PORTS = new StackPorts(19092, 19093, 19042, 17000, 19000,
            Map.of("api", 18080, "router", 18082, "provider-sim", 18090, "connector-whatsapp", 18083,
                    "connector-instagram", 18084));

    @TempDir
    Path home;

    @Test
    void kafkaListensOnTheConfiguredHostAndPorts() {
        String properties = new KafkaBroker(config()).serverProperties();

        assertTrue(properties.contains("listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093\n"),
                properties);
        assertTrue(properties.contains("controller.quorum.voters=1@127.0.0.1:19093\n"), properties);
        assertTrue(properties.contains("log.dirs=" + home.resolve("kafka/data") + "\n"), properties);
    }

    @Test
    void cassandraListensOnTheConfiguredHostAndPorts() {
        String yaml = new CassandraNode(config()).yaml();

        assertTrue(yaml.contains("- seeds: \"127.0.0.1:17000\""), yaml);
        assertTrue(yaml.contains("storage_port: 17000\n"), yaml);
        assertTrue(yaml.contains("native_transport_port: 19042\n"), yaml);
        assertTrue(yaml.contains("rpc_address: 127.0.0.1\n"), yaml);
    }

    @Test
    void theJwtSecretIs256RandomBitsCreatedOwnerOnlyAndReused() throws IOException {
        Path file = home.resolve("secrets/jwt-secret");

        String secret = HomeSecret.loadOrCreate(file);

        assertEquals(32, java.util.Base64.getDecoder().decode(secret).length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(secret, HomeSecret.loadOrCreate(file));
        assertTrue(!secret.equals(HomeSecret.loadOrCreate(home.resolve("other/jwt-secret"))));
    }

    @Test
    void servicesGetTheirAddressesAndLocalTelemetryDefaults() {
        LocalStack stack = new LocalStack(config(), StackProgress.silent());

        var env = stack.serviceEnvironment(Services.ROUTER);

        assertEquals("18082", env.get("SERVER_PORT"));
        assertEquals("127.0.0.1:19092", env.get("KAFKA_SERVERS"));
        assertEquals("19042", env.get("CASSANDRA_PORT"));
        assertEquals("chat4all-router", env.get("OTEL_SERVICE_NAME"));
        assertTrue(!env.containsKey("AUTH_SECRET"), "only the api signs tokens");
        assertEquals(HomeSecret.loadOrCreate(home.resolve("secrets/jwt-secret")),
                stack.serviceEnvironment(Services.API).get("AUTH_SECRET"));
        if (System.getenv("OTEL_TRACES_EXPORTER") == null) {
            assertEquals("none", env.get("OTEL_TRACES_EXPORTER"));
        }
    }

    @Test
    void theProviderSimulatorGetsTheHomesWebhookSecretAndTheConnectorsWebhookUrls() {
        LocalStack stack = new LocalStack(config(), StackProgress.silent());

        var env = stack.serviceEnvironment(Services.PROVIDER_SIM);

        String secret = env.get("PROVIDER_WEBHOOK_dash_SECRET");
        assertEquals(HomeSecret.loadOrCreate(home.resolve("secrets/webhook-secret")), secret);
        assertTrue(!secret.equals(HomeSecret.loadOrCreate(home.resolve("secrets/jwt-secret"))), "a key of its own");
        assertEquals("http://127.0.0.1:18083/webhooks/whatsapp", env.get("PROVIDER_WEBHOOKS_WHATSAPP"));
        assertEquals("http://127.0.0.1:18084/webhooks/instagram", env.get("PROVIDER_WEBHOOKS_INSTAGRAM"));
    }

    @Test
    void eachConnectorGetsItsChannelTheSimulatorsAddressAndTheSameWebhookSecret() {
        LocalStack stack = new LocalStack(config(), StackProgress.silent());

        var whatsapp = stack.serviceEnvironment(Services.CONNECTOR_WHATSAPP);
        var instagram = stack.serviceEnvironment(Services.CONNECTOR_INSTAGRAM);

        assertEquals("whatsapp", whatsapp.get("CONNECTOR_CHANNEL"));
        assertEquals("instagram", instagram.get("CONNECTOR_CHANNEL"));
        assertEquals("18083", whatsapp.get("SERVER_PORT"));
        assertEquals("18084", instagram.get("SERVER_PORT"));
        assertEquals("http://127.0.0.1:18090", whatsapp.get("CONNECTOR_PROVIDER_dash_URL"));
        String secret = stack.serviceEnvironment(Services.PROVIDER_SIM).get("PROVIDER_WEBHOOK_dash_SECRET");
        assertEquals(secret, whatsapp.get("CONNECTOR_WEBHOOK_dash_SECRET"));
        assertEquals(secret, instagram.get("CONNECTOR_WEBHOOK_dash_SECRET"));
    }

    private StackConfig config() {
        return new StackConfig(Path.of("/repo"), home, "127.0.0.1", PORTS);
    }
}
