#!/usr/bin/env bash
# Checks otel/collector.yaml with the Collector's own `validate` (builds the Collector first if it is not cached):
# every component, field and pipeline of the configuration, with the OTELCOL_* variables set as a launcher would.
# Also checks that `validate` rejects a broken configuration, so a pass means something.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

otelcol="$("$here/build-collector.sh")"

# Sample values, different from the defaults in the file, so the ${env:...} references are what gets checked.
sample_env=(
    OTELCOL_OTLP_GRPC_ENDPOINT=127.0.0.1:24317
    OTELCOL_OTLP_HTTP_ENDPOINT=127.0.0.1:24318
    OTELCOL_PROMETHEUS_ENDPOINT=127.0.0.1:28889
    OTELCOL_TRACES_OTLP_ENDPOINT=127.0.0.1:34317
    OTELCOL_LOGS_FILE=/tmp/chat4all-validate/otelcol-logs.jsonl
    OTELCOL_HEALTH_ENDPOINT=127.0.0.1:23133
    OTELCOL_SELF_METRICS_HOST=127.0.0.1
    OTELCOL_SELF_METRICS_PORT=28888
    OTELCOL_MEMORY_LIMIT_MIB=200
    OTELCOL_MEMORY_SPIKE_LIMIT_MIB=50
)

env "${sample_env[@]}" "$otelcol" validate --config "$here/collector.yaml"
echo "otelcol: $here/collector.yaml is valid (with sample OTELCOL_* values)"
"$otelcol" validate --config "$here/collector.yaml" >/dev/null
echo "otelcol: $here/collector.yaml is valid (with its defaults)"

# A configuration whose pipeline names an exporter that is not defined must be refused.
broken="$(mktemp)"
trap 'rm -f "$broken"' EXIT
sed 's/exporters: \[otlp_grpc\]/exporters: [otlp_grpc, zipkin]/' "$here/collector.yaml" >"$broken"
if ! grep -q 'otlp_grpc, zipkin' "$broken"; then
    echo "otelcol: could not derive the broken configuration from collector.yaml (traces pipeline changed?)" >&2
    exit 1
fi
if "$otelcol" validate --config "$broken" >/dev/null 2>&1; then
    echo "otelcol: validate accepted a configuration with an undefined exporter; it checks nothing" >&2
    exit 1
fi
echo "otelcol: validate rejects a broken configuration, as it should"
