package io.chat4all.stack;

import java.util.Locale;
import java.util.Map;

/**
 * Whether a stack runs the telemetry pipeline. Telemetry is never on the data path, so by default a machine without
 * Go or Prometheus gets the rest of the stack, told once what is missing.
 */
public enum TelemetryMode {
    /** Start what can be started (building the Collector and Jaeger if Go is there); say what is missing. */
    AUTO,
    /** Start none of it; the services run with every exporter off ({@code up --no-telemetry}). */
    OFF,
    /** Fail if any part cannot start: CI, where a silently missing pipeline would skip its tests. */
    REQUIRED;

    public static final String VARIABLE = "CHAT4ALL_TELEMETRY";

    /** {@code CHAT4ALL_TELEMETRY}: auto (the default), off or required. */
    public static TelemetryMode fromEnvironment(Map<String, String> env) {
        String value = env.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(VARIABLE + " must be auto, off or required, got '" + value + "'");
        }
    }
}
