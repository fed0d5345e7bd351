package io.chat4all.stack;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The processes of the local telemetry pipeline, in start order: the Collector sends to Jaeger, Prometheus scrapes the Collector. */
public enum TelemetryBackend {
    TRACE_STORE("jaeger", TelemetryPort.TRACE_STORE_QUERY, TelemetryPort.TRACE_STORE_OTLP_GRPC,
            TelemetryPort.TRACE_STORE_OTLP_HTTP, TelemetryPort.TRACE_STORE_QUERY_GRPC, TelemetryPort.TRACE_STORE_HEALTH,
            TelemetryPort.TRACE_STORE_SELF_METRICS),
    COLLECTOR("otelcol", TelemetryPort.COLLECTOR_OTLP_HTTP, TelemetryPort.COLLECTOR_OTLP_GRPC,
            TelemetryPort.COLLECTOR_METRICS, TelemetryPort.COLLECTOR_SELF_METRICS, TelemetryPort.COLLECTOR_HEALTH),
    PROMETHEUS("prometheus", TelemetryPort.PROMETHEUS);

    private final String processName;
    private final List<TelemetryPort> ports;

    TelemetryBackend(String processName, TelemetryPort... ports) {
        this.processName = processName;
        this.ports = List.of(ports);
    }

    /** The backend whose process is named so, if any. */
    static Optional<TelemetryBackend> named(String processName) {
        return Arrays.stream(values()).filter(backend -> backend.processName.equals(processName)).findFirst();
    }

    /** The ports it listens on; the first is the one users and services talk to (UI, API, OTLP in). */
    public List<TelemetryPort> ports() {
        return ports;
    }

    /** Names its log ({@code <home>/logs/<name>.log}), pid file and status line. */
    public String processName() {
        return processName;
    }
}
