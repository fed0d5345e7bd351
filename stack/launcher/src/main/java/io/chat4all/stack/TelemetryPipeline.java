package io.chat4all.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The local telemetry pipeline, the same as in docker compose except for Grafana, Loki and Tempo:
 * <pre>
 *   services' agents --OTLP/HTTP--> Collector (otel/collector.yaml) --OTLP/gRPC--> Jaeger (tracestore/jaeger.yaml)
 *                                             |-- Prometheus exporter <-- scraped by Prometheus (prometheus/)
 *                                             '-- logs --> &lt;home&gt;/telemetry/otelcol-logs.jsonl
 * </pre>
 * Each backend runs as a native child of the launcher (through {@code exit-with-parent.sh}), configured by the
 * project's own files and the addresses of {@link TelemetryPorts}, given as the variables those files read.
 */
final class TelemetryPipeline {

    /** Locally a short scrape interval, so a metric is queryable seconds after it was recorded (compose: 30 s). */
    static final String LOCAL_SCRAPE_INTERVAL = "5s";
    /** How often the agents export metrics: short locally for the same reason (the SDK default is 60 s). */
    static final String LOCAL_METRIC_EXPORT_INTERVAL_MILLIS = "5000";

    /** {@code <home>/telemetry}: the rendered Prometheus config, its data, the Collector's log file. */
    static final String FOLDER = "telemetry";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final String VERSION = "0.1.0-SNAPSHOT";

    private final StackConfig config;
    private final TelemetryPorts ports;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    TelemetryPipeline(StackConfig config) {
        this.config = config;
        this.ports = config.telemetry().ports();
        this.dir = config.home().resolve(FOLDER);
    }

    /** Starts one backend from its binary (not yet waiting until it is ready). */
    ChildProcess start(TelemetryBackend backend, Path binary, ChildLauncher launcher) {
        String name = backend.processName();
        return switch (backend) {
            case TRACE_STORE -> launcher.launchNative(name, List.of(binary.toString(), "--config",
                    config.projectRoot().resolve("tracestore/jaeger.yaml").toString()), traceStoreEnvironment());
            case COLLECTOR -> launcher.launchNative(name, List.of(binary.toString(), "--config",
                    config.projectRoot().resolve("otel/collector.yaml").toString()), collectorEnvironment());
            case PROMETHEUS -> launcher.launchNative(name, prometheusCommand(binary), Map.of());
        };
    }

    /** Waits until the backend answers its readiness endpoint with 200. */
    void awaitReady(TelemetryBackend backend, ChildProcess child, BooleanSupplier cancelled) {
        URI ready = readinessUri(backend);
        HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build();
        Readiness.await(child, "answer " + ready, READY_TIMEOUT, cancelled, () -> {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? Optional.of(response.statusCode()) : Optional.empty();
        });
    }

    /**
     * What each service's OpenTelemetry agent needs to send traces, metrics and logs to the Collector. Only standard
     * {@code OTEL_*} variables: the same ones configure the services in docker compose.
     */
    Map<String, String> agentEnvironment(ServiceSpec service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OTEL_TRACES_EXPORTER", "otlp");
        env.put("OTEL_METRICS_EXPORTER", "otlp");
        env.put("OTEL_LOGS_EXPORTER", "otlp");
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", collectorOtlpHttp().toString());
        env.put("OTEL_METRIC_EXPORT_INTERVAL", LOCAL_METRIC_EXPORT_INTERVAL_MILLIS);
        env.put("OTEL_RESOURCE_ATTRIBUTES", "service.version=" + VERSION + ",deployment.environment=local"
                + ",service.instance.id=" + service.instance() + "@" + config.host());
        // The Kafka clients' own ~100 metrics per producer and consumer (bridged by the agent's kafka-clients-metrics
        // module) would be exported every 5 s from every service; kafka_consumer_lag and the app's instruments say
        // what matters (docs/metrics.md).
        env.put("OTEL_INSTRUMENTATION_KAFKA_CLIENTS_METRICS_ENABLED", "false");
        // The OTLP log records carry the message being handled, as the JSON lines on stdout do.
        env.put("OTEL_INSTRUMENTATION_LOGBACK_APPENDER_EXPERIMENTAL_MDC_ATTRIBUTES_INCLUDED",
                "message_id,conversation_id");
        return env;
    }

    URI collectorOtlpHttp() {
        return uri(TelemetryPort.COLLECTOR_OTLP_HTTP, "");
    }

    /** Jaeger's UI; its API answers {@code /api/traces/<trace id>}. */
    URI traceStoreUri() {
        return uri(TelemetryPort.TRACE_STORE_QUERY, "/");
    }

    URI prometheusUri() {
        return uri(TelemetryPort.PROMETHEUS, "/");
    }

    /** The file the Collector writes the services' OTLP log records to (JSON lines). */
    Path logsFile() {
        return dir.resolve("otelcol-logs.jsonl");
    }

    Map<String, String> traceStoreEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAEGER_OTLP_GRPC_ENDPOINT", address(TelemetryPort.TRACE_STORE_OTLP_GRPC));
        env.put("JAEGER_OTLP_HTTP_ENDPOINT", address(TelemetryPort.TRACE_STORE_OTLP_HTTP));
        env.put("JAEGER_QUERY_HTTP_ENDPOINT", address(TelemetryPort.TRACE_STORE_QUERY));
        env.put("JAEGER_QUERY_GRPC_ENDPOINT", address(TelemetryPort.TRACE_STORE_QUERY_GRPC));
        env.put("JAEGER_HEALTH_ENDPOINT", address(TelemetryPort.TRACE_STORE_HEALTH));
        env.put("JAEGER_SELF_METRICS_HOST", config.host());
        env.put("JAEGER_SELF_METRICS_PORT", Integer.toString(ports.of(TelemetryPort.TRACE_STORE_SELF_METRICS)));
        return env;
    }

    Map<String, String> collectorEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OTELCOL_OTLP_GRPC_ENDPOINT", address(TelemetryPort.COLLECTOR_OTLP_GRPC));
        env.put("OTELCOL_OTLP_HTTP_ENDPOINT", address(TelemetryPort.COLLECTOR_OTLP_HTTP));
        env.put("OTELCOL_PROMETHEUS_ENDPOINT", address(TelemetryPort.COLLECTOR_METRICS));
        env.put("OTELCOL_TRACES_OTLP_ENDPOINT", address(TelemetryPort.TRACE_STORE_OTLP_GRPC));
        env.put("OTELCOL_LOGS_FILE", logsFile().toString());
        env.put("OTELCOL_HEALTH_ENDPOINT", address(TelemetryPort.COLLECTOR_HEALTH));
        env.put("OTELCOL_SELF_METRICS_HOST", config.host());
        env.put("OTELCOL_SELF_METRICS_PORT", Integer.toString(ports.of(TelemetryPort.COLLECTOR_SELF_METRICS)));
        return env;
    }

    List<String> prometheusCommand(Path binary) {
        Path file = ConfigFiles.write(dir.resolve("prometheus.yml"), prometheusConfig(readProjectFile("prometheus/prometheus.yml")));
        return List.of(binary.toString(),
                "--config.file=" + file,
                "--web.listen-address=" + address(TelemetryPort.PROMETHEUS),
                "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
                "--storage.tsdb.retention.time=7d",
                // Latency buckets keep the trace ids of their samples: metric -> trace.
                "--enable-feature=exemplar-storage");
    }

    /**
     * {@code prometheus/prometheus.yml} with this stack's addresses, the rules folder made absolute (Prometheus
     * resolves it against the rendered file's folder) and the local scrape interval. Prometheus 2.x expands no
     * variables in its config, hence the substitution.
     */
    String prometheusConfig(String template) {
        Map<String, String> replacements = new LinkedHashMap<>();
        replacements.put("'127.0.0.1:8889'", "'" + address(TelemetryPort.COLLECTOR_METRICS) + "'");
        replacements.put("'127.0.0.1:8888'", "'" + address(TelemetryPort.COLLECTOR_SELF_METRICS) + "'");
        replacements.put("'127.0.0.1:9090'", "'" + address(TelemetryPort.PROMETHEUS) + "'");
        replacements.put("- rules/*.yml", "- " + config.projectRoot().resolve("prometheus/rules") + "/*.yml");
        replacements.put("scrape_interval: 30s", "scrape_interval: " + LOCAL_SCRAPE_INTERVAL);
        replacements.put("evaluation_interval: 30s", "evaluation_interval: " + LOCAL_SCRAPE_INTERVAL);
        String rendered = template;
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            if (!rendered.contains(replacement.getKey())) {
                throw new StackException("prometheus/prometheus.yml lacks " + replacement.getKey()
                        + ", which the launcher replaces with this stack's value");
            }
            rendered = rendered.replace(replacement.getKey(), replacement.getValue());
        }
        return "# Written by the Chat4All launcher from prometheus/prometheus.yml on every start; edits are overwritten."
                + System.lineSeparator() + rendered;
    }

    private URI readinessUri(TelemetryBackend backend) {
        return switch (backend) {
            case TRACE_STORE -> uri(TelemetryPort.TRACE_STORE_HEALTH, "/");
            case COLLECTOR -> uri(TelemetryPort.COLLECTOR_HEALTH, "/");
            case PROMETHEUS -> uri(TelemetryPort.PROMETHEUS, "/-/ready");
        };
    }

    private String readProjectFile(String relative) {
        Path file = config.projectRoot().resolve(relative);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new StackException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private String address(TelemetryPort port) {
        return config.host() + ":" + ports.of(port);
    }

    private URI uri(TelemetryPort port, String path) {
        return URI.create("http://" + address(port) + path);
    }
}
