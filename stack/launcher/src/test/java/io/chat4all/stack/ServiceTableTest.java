package io.chat4all.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher follows its service table: two instances of one module are two rows that share nothing else. */
class ServiceTableTest {

    /** Shaped like the connector rows to come: environment that refers to another row's address. */
    private static final ServiceSpec PROVIDER = new ServiceSpec("services/provider-sim", "provider-sim",
            "io.chat4all.providersim.ProviderSimMain", "CHAT4ALL_PROVIDER_SIM_PORT", 8090,
            stack -> Map.of("WHATSAPP_WEBHOOK", stack.uri(ServiceTableTest.WHATSAPP).resolve("/webhook").toString()));
    private static final ServiceSpec WHATSAPP = connector("whatsapp", 8083);
    private static final ServiceSpec INSTAGRAM = connector("instagram", 8084);
    private static final List<ServiceSpec> TABLE = List.of(Services.API, PROVIDER, WHATSAPP, INSTAGRAM);

    @TempDir
    Path home;

    @Test
    void twoInstancesOfOneModuleGetTheirOwnPortEnvironmentLogAndAddress() {
        StackConfig config = new StackConfig(Path.of("/repo"), home, "127.0.0.1", StackPorts.free(TABLE), TABLE);
        LocalStack stack = new LocalStack(config, StackProgress.silent());

        ChildLauncher.JvmSpec whatsapp = stack.serviceJvm(WHATSAPP, TestMains.THIS_JDK);
        ChildLauncher.JvmSpec instagram = stack.serviceJvm(INSTAGRAM, TestMains.THIS_JDK);

        assertEquals("connector-whatsapp", whatsapp.name(), "names its log and pid file");
        assertEquals("connector-instagram", instagram.name());
        assertEquals(whatsapp.classpath(), instagram.classpath(), "one module, one jar");
        assertEquals(List.of("/repo/services/connector/target/chat4all-connector-0.1.0-SNAPSHOT.jar",
                "/repo/services/connector/target/libs/*"), whatsapp.classpath());
        assertEquals("io.chat4all.connector.ConnectorMain", instagram.mainClass());
        assertTrue(whatsapp.options().contains("-Xlog:gc:file=" + stack.gcLogFile("connector-whatsapp")
                + ":uptime,level,tags:filecount=0"), "each instance logs its collections to its own file: "
                + whatsapp.options());
        assertTrue(instagram.options().stream().anyMatch(o -> o.contains("connector-instagram.gc.log")));

        int whatsappPort = config.ports().of(WHATSAPP);
        int instagramPort = config.ports().of(INSTAGRAM);
        assertNotEquals(whatsappPort, instagramPort);
        assertEquals(Integer.toString(whatsappPort), whatsapp.environment().get("SERVER_PORT"));
        assertEquals(Integer.toString(instagramPort), instagram.environment().get("SERVER_PORT"));
        assertEquals("whatsapp", whatsapp.environment().get("CONNECTOR_CHANNEL"));
        assertEquals("instagram", instagram.environment().get("CONNECTOR_CHANNEL"));
        assertEquals("chat4all-connector-whatsapp", whatsapp.environment().get("OTEL_SERVICE_NAME"));
        assertEquals("chat4all-connector-instagram", instagram.environment().get("OTEL_SERVICE_NAME"));
        assertEquals("http://127.0.0.1:" + config.ports().of(PROVIDER), whatsapp.environment().get("PROVIDER_URL"));
        assertEquals("http://127.0.0.1:" + whatsappPort + "/webhook",
                stack.serviceEnvironment(PROVIDER).get("WHATSAPP_WEBHOOK"));
        assertTrue(!whatsapp.environment().containsKey("AUTH_SECRET"), "only the api's row adds it");

        assertEquals(URI.create("http://127.0.0.1:" + whatsappPort), stack.uri(WHATSAPP));
        assertEquals(URI.create("http://127.0.0.1:" + instagramPort), stack.uri(INSTAGRAM));
        assertEquals(home.resolve("logs/connector-instagram.log"), stack.logFile(instagram.name()));
    }

    @Test
    void freePortsAreDistinctForEveryRowAndTheInfrastructure() {
        StackPorts ports = StackPorts.free(TABLE);

        List<Integer> all = new ArrayList<>(List.of(ports.kafka(), ports.kafkaController(), ports.cassandraCql(),
                ports.cassandraStorage()));
        TABLE.forEach(service -> all.add(ports.of(service)));
        assertEquals(8, new HashSet<>(all).size(), all.toString());
    }

    @Test
    void eachRowReadsItsOwnPortVariable() {
        StackPorts ports = StackPorts.fromEnvironment(Map.of("CHAT4ALL_CONNECTOR_INSTAGRAM_PORT", "18084"), TABLE);

        assertEquals(8083, ports.of(WHATSAPP));
        assertEquals(18084, ports.of(INSTAGRAM));
        assertEquals(8090, ports.of(PROVIDER));
        assertEquals(8080, ports.of(Services.API));
    }

    @Test
    void statusListsEveryRowInAColumnWideEnoughForItsName() {
        StackConfig config = new StackConfig(Path.of("."), home, "127.0.0.1", StackPorts.free(TABLE), TABLE);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        new StackControl(config, new PrintStream(output, true, StandardCharsets.UTF_8)).status();

        List<String> lines = output.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.contains("connector-instagram  stopped"), lines.toString());
        assertTrue(lines.contains("api                  stopped"), lines.toString());
    }

    @Test
    void theTableNamesEachProcessPortVariableAndDefaultPortOnce() {
        Set<String> instances = new HashSet<>();
        Set<String> variables = new HashSet<>();
        for (ServiceSpec service : Services.ALL) {
            assertTrue(instances.add(service.instance()), service.instance());
            assertTrue(variables.add(service.portVariable()), service.portVariable());
        }
        // Distinct default ports, apart from Kafka's and Cassandra's too: StackPorts refuses a port used twice.
        assertEquals(Services.ALL.size(), StackPorts.defaults().services().size());
        assertTrue(Services.ALL.stream().allMatch(service -> service.portVariable()
                .equals("CHAT4ALL_" + service.instance().toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                        + "_PORT")), "CHAT4ALL_<INSTANCE>_PORT, as ./chat4all's usage says");
    }

    @Test
    void aRowMayNotTakeTheNameOfAnotherProcess() {
        ServiceSpec kafka = new ServiceSpec("services/kafka", "kafka", "Main", "CHAT4ALL_KAFKA2_PORT", 8099,
                stack -> Map.of());
        List<ServiceSpec> clash = List.of(kafka);
        List<ServiceSpec> twice = List.of(WHATSAPP, WHATSAPP);

        assertThrows(IllegalArgumentException.class, () -> new StackConfig(Path.of("."), home, "127.0.0.1",
                StackPorts.free(clash), clash));
        assertThrows(IllegalArgumentException.class, () -> new StackConfig(Path.of("."), home, "127.0.0.1",
                StackPorts.free(TABLE), twice));
    }

    private static ServiceSpec connector(String channel, int port) {
        return new ServiceSpec("services/connector", "connector-" + channel, "io.chat4all.connector.ConnectorMain",
                "CHAT4ALL_CONNECTOR_" + channel.toUpperCase(java.util.Locale.ROOT) + "_PORT", port,
                stack -> Map.of("CONNECTOR_CHANNEL", channel,
                        "PROVIDER_URL", stack.uri(PROVIDER).toString()));
    }
}
