#!/usr/bin/env bash
# Smoke test of the trace store: builds Jaeger if it is not cached, starts it with tracestore/jaeger.yaml on free
# loopback ports, posts one span over OTLP/HTTP, reads the trace back by id from the query API (v1 /api/traces and
# v3 /api/v3/traces), prints Jaeger's resident memory, and stops it. Exit status 0 means the span came back intact.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

log() { echo "smoke: $*" >&2; }
fail() { log "FAILED: $*"; [[ -n "${jaeger_log:-}" ]] && { log "jaeger's output:"; cat "$jaeger_log" >&2; }; exit 1; }

for tool in curl jq python3; do
    command -v "$tool" >/dev/null 2>&1 || { log "needs '$tool' on PATH"; exit 1; }
done

jaeger="$("$here/build-jaeger.sh")"

# Six distinct free loopback ports, chosen by the kernel (bound together, so no two are the same).
read -r otlp_grpc otlp_http query_http query_grpc health metrics < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(6)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks: s.close()')

work="$(mktemp -d)"
jaeger_log="$work/jaeger.log"
pid=""
cleanup() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

JAEGER_OTLP_GRPC_ENDPOINT="127.0.0.1:$otlp_grpc" \
JAEGER_OTLP_HTTP_ENDPOINT="127.0.0.1:$otlp_http" \
JAEGER_QUERY_HTTP_ENDPOINT="127.0.0.1:$query_http" \
JAEGER_QUERY_GRPC_ENDPOINT="127.0.0.1:$query_grpc" \
JAEGER_HEALTH_ENDPOINT="127.0.0.1:$health" \
JAEGER_SELF_METRICS_PORT="$metrics" \
JAEGER_MAX_TRACES=1000 \
    "$jaeger" --config "$here/jaeger.yaml" >"$jaeger_log" 2>&1 &
pid=$!

# Ready when the health check answers 200 (it does once every component has started); give up after 60 s.
started=$SECONDS
until curl -fs -o /dev/null "http://127.0.0.1:$health/"; do
    kill -0 "$pid" 2>/dev/null || fail "jaeger exited during start-up"
    (( SECONDS - started < 60 )) || fail "jaeger not healthy after 60 s"
    sleep 0.2
done
log "jaeger (pid $pid) healthy after $((SECONDS - started)) s; OTLP gRPC :$otlp_grpc, OTLP HTTP :$otlp_http, query :$query_http"

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
idle_rss=$(rss_kib)

trace_id="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
span_id="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
now_ns="$(date +%s%N)"
span_name="smoke-span"
service="tracestore-smoke"
# An OTLP/JSON export request (trace and span ids in hex, as the OTLP/JSON encoding has them).
request="$(jq -n --arg trace "$trace_id" --arg span "$span_id" --arg name "$span_name" --arg service "$service" \
    --arg start "$((now_ns - 5000000))" --arg stop "$now_ns" '{
  resourceSpans: [{
    resource: { attributes: [{ key: "service.name", value: { stringValue: $service } }] },
    scopeSpans: [{
      scope: { name: "tracestore/smoke.sh" },
      spans: [{ traceId: $trace, spanId: $span, name: $name, kind: 2,
                startTimeUnixNano: $start, endTimeUnixNano: $stop,
                attributes: [{ key: "message.id", value: { stringValue: "smoke-1" } }] }]
    }]
  }]}')"
curl -fsS -H 'Content-Type: application/json' --data-binary "$request" \
    "http://127.0.0.1:$otlp_http/v1/traces" >/dev/null || fail "OTLP/HTTP export refused"
log "sent span $span_id of trace $trace_id"

# The exporter writes asynchronously: wait (up to 10 s) until the trace is queryable, then check what came back.
started=$SECONDS
until body="$(curl -fsS "http://127.0.0.1:$query_http/api/traces/$trace_id" 2>/dev/null)"; do
    (( SECONDS - started < 10 )) || fail "trace $trace_id not found by /api/traces within 10 s"
    sleep 0.2
done
jq -e --arg trace "$trace_id" --arg span "$span_id" --arg name "$span_name" --arg service "$service" '
  .data | length == 1
  and .[0].traceID == $trace
  and (.[0].spans | length == 1)
  and .[0].spans[0].spanID == $span
  and .[0].spans[0].operationName == $name
  and .[0].processes[.[0].spans[0].processID].serviceName == $service
  and any(.[0].spans[0].tags[]; .key == "message.id" and .value == "smoke-1")' <<<"$body" >/dev/null \
    || fail "/api/traces/$trace_id answered something else: $body"
log "GET /api/traces/$trace_id: the span came back (service, name, ids, attribute)"

# The v3 API answers OTLP/JSON (wrapped in a "result" object).
body="$(curl -fsS "http://127.0.0.1:$query_http/api/v3/traces/$trace_id")" || fail "/api/v3/traces/$trace_id failed"
jq -e --arg span "$span_id" --arg name "$span_name" '
  [.result.resourceSpans[].scopeSpans[].spans[] | select(.name == $name)] | length == 1' <<<"$body" >/dev/null \
    || fail "/api/v3/traces/$trace_id answered something else: $body"
log "GET /api/v3/traces/$trace_id: the span came back"

# An unknown trace is a 404, not an empty success: the lookup is real.
unknown="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$query_http/api/traces/$unknown")"
[[ "$status" == 404 ]] || fail "an unknown trace id answered $status, not 404"
log "an unknown trace id answers 404"

log "jaeger RSS: idle after start $((idle_rss / 1024)) MiB, after the smoke $(( $(rss_kib) / 1024 )) MiB"
log "OK"
