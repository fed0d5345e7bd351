package io.chat4all.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class StackPortsTest {

    @Test
    void defaultsAreTheDocumentedPorts() {
        assertEquals(new StackPorts(9092, 9093, 9042, 7000, 9000, Map.of("api", 8080, "router", 8082, "provider-sim", 8090,
                "connector-whatsapp", 8083, "connector-instagram", 8084)), StackPorts.defaults());
    }

    @Test
    void environmentOverridesSingleDefaults() {
        StackPorts ports = StackPorts.fromEnvironment(Map.of("CHAT4ALL_API_PORT", "18080",
                "CHAT4ALL_CASSANDRA_STORAGE_PORT", " 17000 ", "CHAT4ALL_ROUTER_PORT", ""));

        assertEquals(new StackPorts(9092, 9093, 9042, 17000, 9000, Map.of("api", 18080, "router", 8082, "provider-sim", 8090,
                "connector-whatsapp", 8083, "connector-instagram", 8084)), ports);
    }

    @Test
    void aBadPortVariableIsNamedInTheError() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> StackPorts.fromEnvironment(Map.of("CHAT4ALL_KAFKA_PORT", "99999"))).getMessage();

        assertTrue(message.contains("CHAT4ALL_KAFKA_PORT") && message.contains("99999"), message);
        message = assertThrows(IllegalArgumentException.class,
                () -> StackPorts.fromEnvironment(Map.of("CHAT4ALL_ROUTER_PORT", "eighty"))).getMessage();
        assertTrue(message.contains("CHAT4ALL_ROUTER_PORT") && message.contains("eighty"), message);
    }

    @Test
    void twoProcessesOnOnePortAreRefusedBeforeAnythingStarts() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> StackPorts.fromEnvironment(Map.of("CHAT4ALL_API_PORT", "8082"))).getMessage();

        assertEquals("api and router cannot both listen on port 8082", message);
    }

    @Test
    void freePortsAreDistinctAndBindable() throws IOException {
        StackPorts ports = StackPorts.free();
        List<Integer> all = List.of(ports.kafka(), ports.kafkaController(), ports.cassandraCql(),
                ports.cassandraStorage(), ports.of(Services.API), ports.of(Services.ROUTER));

        assertEquals(6, Set.copyOf(all).size());
        for (int port : all) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(port, socket.getLocalPort());
            }
        }
    }

    @Test
    void localConfigReadsHomeHostAndPortsFromTheEnvironment() {
        Path root = Path.of("/repo");

        StackConfig defaults = StackConfig.local(root, Map.of());
        assertEquals(Path.of("/repo/.chat4all"), defaults.home());
        assertEquals("127.0.0.1", defaults.host());
        assertEquals(StackPorts.defaults(), defaults.ports());

        StackConfig custom = StackConfig.local(root,
                Map.of("CHAT4ALL_HOME", "/tmp/c4a", "CHAT4ALL_HOST", "127.0.0.2", "CHAT4ALL_KAFKA_PORT", "19092"));
        assertEquals(Path.of("/tmp/c4a"), custom.home());
        assertEquals("127.0.0.2", custom.host());
        assertEquals(19092, custom.ports().kafka());
    }
}
