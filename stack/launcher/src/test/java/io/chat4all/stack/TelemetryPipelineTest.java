package io.chat4all.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryPipelineTest {

    /** The real project root: the tests render the project's own prometheus/prometheus.yml. */
    private static final Path PROJECT_ROOT = Path.of("../..").toAbsolutePath().normalize();

    @TempDir
    Path home;

    @Test
    void freePortsAreDistinctAndTheDefaultsMatchTheConfigFiles() throws IOException {
        TelemetryPorts free = TelemetryPorts.free();
        assertEquals(TelemetryPort.values().length, new HashSet<>(free.ports().values()).size());

        // The defaults are what otel/collector.yaml, tracestore/jaeger.yaml and prometheus.yml use when run by hand.
        String collector = Files.readString(PROJECT_ROOT.resolve("otel/collector.yaml"));
        String jaeger = Files.readString(PROJECT_ROOT.resolve("tracestore/jaeger.yaml"));
        TelemetryPorts defaults = TelemetryPorts.defaults();
        assertTrue(collector.contains("OTELCOL_OTLP_HTTP_ENDPOINT:-127.0.0.1:" + defaults.of(TelemetryPort.COLLECTOR_OTLP_HTTP)));
        assertTrue(collector.contains("OTELCOL_PROMETHEUS_ENDPOINT:-127.0.0.1:" + defaults.of(TelemetryPort.COLLECTOR_METRICS)));
        assertTrue(collector.contains("OTELCOL_TRACES_OTLP_ENDPOINT:-127.0.0.1:" + defaults.of(TelemetryPort.TRACE_STORE_OTLP_GRPC)));
        assertTrue(jaeger.contains("JAEGER_OTLP_GRPC_ENDPOINT:-127.0.0.1:" + defaults.of(TelemetryPort.TRACE_STORE_OTLP_GRPC)));
        assertTrue(jaeger.contains("JAEGER_QUERY_HTTP_ENDPOINT:-127.0.0.1:" + defaults.of(TelemetryPort.TRACE_STORE_QUERY)));
    }

    @Test
    void aPortVariableMovesOnePortAndClashesAreRefused() {
        TelemetryPorts moved = TelemetryPorts.fromEnvironment(Map.of("CHAT4ALL_PROMETHEUS_PORT", "19090"));
        assertEquals(19090, moved.of(TelemetryPort.PROMETHEUS));
        assertEquals(4318, moved.of(TelemetryPort.COLLECTOR_OTLP_HTTP));

        String message = assertThrows(IllegalArgumentException.class, () -> TelemetryPorts.fromEnvironment(
                Map.of("CHAT4ALL_PROMETHEUS_PORT", "4318"))).getMessage();
        assertTrue(message.contains("4318"), message);
    }

    @Test
    void theModeComesFromTheEnvironment() {
        assertEquals(TelemetryMode.AUTO, TelemetryMode.fromEnvironment(Map.of()));
        assertEquals(TelemetryMode.REQUIRED, TelemetryMode.fromEnvironment(Map.of("CHAT4ALL_TELEMETRY", " Required ")));
        assertEquals(TelemetryMode.OFF, TelemetryMode.fromEnvironment(Map.of("CHAT4ALL_TELEMETRY", "off")));
        String message = assertThrows(IllegalArgumentException.class,
                () -> TelemetryMode.fromEnvironment(Map.of("CHAT4ALL_TELEMETRY", "yes"))).getMessage();
        assertTrue(message.contains("CHAT4ALL_TELEMETRY") && message.contains("yes"), message);
    }

    @Test
    void prometheusScrapesThisStacksCollectorAndLoadsTheProjectsRules() throws IOException {
        TelemetryPipeline pipeline = new TelemetryPipeline(config());
        TelemetryPorts ports = config().telemetry().ports();

        String rendered = pipeline.prometheusConfig(Files.readString(PROJECT_ROOT.resolve("prometheus/prometheus.yml")));

        assertTrue(rendered.contains("'127.0.0.1:" + ports.of(TelemetryPort.COLLECTOR_METRICS) + "'"), rendered);
        assertTrue(rendered.contains("'127.0.0.1:" + ports.of(TelemetryPort.COLLECTOR_SELF_METRICS) + "'"), rendered);
        assertTrue(rendered.contains("'127.0.0.1:" + ports.of(TelemetryPort.PROMETHEUS) + "'"), rendered);
        assertTrue(rendered.contains("- " + PROJECT_ROOT.resolve("prometheus/rules") + "/*.yml"), rendered);
        assertTrue(rendered.contains("scrape_interval: 5s") && rendered.contains("evaluation_interval: 5s"), rendered);
        String settings = rendered.lines().filter(line -> !line.strip().startsWith("#"))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertFalse(settings.contains("8889") || settings.contains("9090"), "no default port is left: " + settings);
    }

    @Test
    void aTemplateWithoutTheExpectedAddressesIsRefusedInsteadOfScrapingTheWrongPlace() {
        TelemetryPipeline pipeline = new TelemetryPipeline(config());
        String message = assertThrows(StackException.class,
                () -> pipeline.prometheusConfig("scrape_configs: []\n")).getMessage();
        assertTrue(message.contains("prometheus.yml"), message);
    }

    @Test
    void agentsExportEverySignalOverOtlpToTheCollectorWithTheirIdentity() {
        StackConfig config = config();
        Map<String, String> env = new TelemetryPipeline(config).agentEnvironment(Services.CONNECTOR_WHATSAPP);

        assertEquals("otlp", env.get("OTEL_TRACES_EXPORTER"));
        assertEquals("otlp", env.get("OTEL_METRICS_EXPORTER"));
        assertEquals("otlp", env.get("OTEL_LOGS_EXPORTER"));
        assertEquals("http://127.0.0.1:" + config.telemetry().ports().of(TelemetryPort.COLLECTOR_OTLP_HTTP),
                env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Set<String> resource = Set.of(env.get("OTEL_RESOURCE_ATTRIBUTES").split(","));
        assertTrue(resource.containsAll(List.of("service.version=0.1.0-SNAPSHOT", "deployment.environment=local",
                "service.instance.id=connector-whatsapp@127.0.0.1")), resource.toString());
        assertTrue(env.keySet().stream().allMatch(name -> name.startsWith("OTEL_")), env.keySet().toString());
    }

    @Test
    void theCollectorAndJaegerGetEveryAddressTheirConfigReads() throws IOException {
        TelemetryPipeline pipeline = new TelemetryPipeline(config());
        assertReadsExactly(Files.readString(PROJECT_ROOT.resolve("otel/collector.yaml")), "OTELCOL_",
                pipeline.collectorEnvironment().keySet(), Set.of("OTELCOL_MEMORY_LIMIT_MIB", "OTELCOL_MEMORY_SPIKE_LIMIT_MIB"));
        assertReadsExactly(Files.readString(PROJECT_ROOT.resolve("tracestore/jaeger.yaml")), "JAEGER_",
                pipeline.traceStoreEnvironment().keySet(), Set.of("JAEGER_MAX_TRACES"));
    }

    /** Every ${env:PREFIX...} the file reads is set, except the tuning ones left to their defaults. */
    private static void assertReadsExactly(String file, String prefix, Set<String> given, Set<String> leftToDefaults) {
        Set<String> read = new HashSet<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\$\\{env:(" + prefix + "[A-Z_]+)").matcher(file);
        while (matcher.find()) {
            read.add(matcher.group(1));
        }
        read.removeAll(leftToDefaults);
        assertEquals(read, given);
    }

    private StackConfig config() {
        return new StackConfig(PROJECT_ROOT, home, "127.0.0.1", StackPorts.defaults(), Services.ALL,
                new StackConfig.Telemetry(TelemetryMode.AUTO, fixedPorts()));
    }

    private static TelemetryPorts fixedPorts() {
        // Not the defaults, so a forgotten substitution shows.
        Map<String, String> env = new java.util.HashMap<>();
        int next = 20000;
        for (TelemetryPort port : TelemetryPort.values()) {
            env.put(port.variable(), Integer.toString(next++));
        }
        return TelemetryPorts.fromEnvironment(env);
    }
}
