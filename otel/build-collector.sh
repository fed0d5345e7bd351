#!/usr/bin/env bash
# Builds Chat4All's OpenTelemetry Collector (otel/builder-config.yaml) with the OpenTelemetry Collector Builder,
# once: the binary is cached under ${CHAT4ALL_CACHE:-$HOME/.cache/chat4all}/otelcol/<hash>/chat4all-otelcol, where
# <hash> covers the manifest and the builder version, so editing either builds anew and nothing else does.
# Prints the binary's path on stdout (progress goes to stderr), so callers can do: otelcol=$(otel/build-collector.sh)
set -euo pipefail

# The builder's release; keep it equal to the core modules' release in the manifest.
BUILDER_VERSION=v0.165.0

here="$(cd "$(dirname "$0")" && pwd)"
manifest="$here/builder-config.yaml"
cache_root="${CHAT4ALL_CACHE:-$HOME/.cache/chat4all}/otelcol"

log() { echo "otelcol: $*" >&2; }

hash="$( { cat "$manifest"; echo "builder $BUILDER_VERSION"; } | sha256sum | cut -c1-16)"
dir="$cache_root/$hash"
binary="$dir/chat4all-otelcol"

# shellcheck source=../stack/cached-go-build.sh
. "$here/../stack/cached-go-build.sh"
cached_go_build_begin "the Collector"

log "building chat4all-otelcol with the Collector Builder $BUILDER_VERSION ($(go version | cut -d' ' -f3)); the first build takes a few minutes"
started=$SECONDS
# The manifest's output_path is relative: the sources and the binary land in $work/build.
# Strict versioning on: a module pulling in another core release fails the build instead of mixing releases.
# -e (taken only by the builder's `go mod tidy`): fileexporter's own tests import otlpencodingextension, which the
# module proxy does not serve, and tidy loads dependencies' tests; the Collector never imports it, and a package the
# binary does import but cannot load still fails `go build`.
goflags="$(go env GOFLAGS)"
(cd "$work" && GOFLAGS="${goflags:+$goflags }-e" go run "go.opentelemetry.io/collector/cmd/builder@$BUILDER_VERSION" \
    --config "$manifest" --skip-strict-versioning=false) >"$work/builder.log" 2>&1 || {
    log "build failed; the builder's output:"
    cat "$work/builder.log" >&2
    exit 1
}

mkdir -p "$dir/src"
# Keep the generated sources (main.go, components.go, go.mod, go.sum) beside the binary: they say what it holds.
cp "$work"/build/*.go "$work"/build/go.mod "$work"/build/go.sum "$dir/src/"
cached_go_build_finish "$work/build/chat4all-otelcol" "$started"
