package io.chat4all.stack;

/**
 * The ports of the local telemetry pipeline (the Collector, the trace store, Prometheus), each with the variable that
 * moves it and its default. The defaults are the ones {@code otel/collector.yaml}, {@code tracestore/jaeger.yaml} and
 * {@code prometheus/prometheus.yml} assume when run by hand.
 */
public enum TelemetryPort {
    /** OTLP/gRPC into the Collector. */
    COLLECTOR_OTLP_GRPC("CHAT4ALL_OTLP_GRPC_PORT", 4317),
    /** OTLP/HTTP into the Collector: what the services' agents send to. */
    COLLECTOR_OTLP_HTTP("CHAT4ALL_OTLP_HTTP_PORT", 4318),
    /** The Collector's Prometheus exporter: every service's metrics, for Prometheus to scrape. */
    COLLECTOR_METRICS("CHAT4ALL_COLLECTOR_METRICS_PORT", 8889),
    /** The Collector's own metrics (accepted, refused, sent per component). */
    COLLECTOR_SELF_METRICS("CHAT4ALL_COLLECTOR_SELF_METRICS_PORT", 8888),
    COLLECTOR_HEALTH("CHAT4ALL_COLLECTOR_HEALTH_PORT", 13133),
    /** OTLP/gRPC into Jaeger: where the Collector sends traces. */
    TRACE_STORE_OTLP_GRPC("CHAT4ALL_TRACE_STORE_OTLP_GRPC_PORT", 14317),
    TRACE_STORE_OTLP_HTTP("CHAT4ALL_TRACE_STORE_OTLP_HTTP_PORT", 14318),
    /** Jaeger's UI and query API ({@code /api/traces/<id>}). */
    TRACE_STORE_QUERY("CHAT4ALL_TRACE_STORE_PORT", 16686),
    TRACE_STORE_QUERY_GRPC("CHAT4ALL_TRACE_STORE_QUERY_GRPC_PORT", 16685),
    TRACE_STORE_HEALTH("CHAT4ALL_TRACE_STORE_HEALTH_PORT", 13134),
    TRACE_STORE_SELF_METRICS("CHAT4ALL_TRACE_STORE_SELF_METRICS_PORT", 14269),
    /** Prometheus's UI and HTTP API. */
    PROMETHEUS("CHAT4ALL_PROMETHEUS_PORT", 9090);

    private final String variable;
    private final int defaultPort;

    TelemetryPort(String variable, int defaultPort) {
        this.variable = variable;
        this.defaultPort = defaultPort;
    }

    public String variable() {
        return variable;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
