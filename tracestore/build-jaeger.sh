#!/usr/bin/env bash
# Builds Jaeger v2 (the trace store) from its Go module, pinned in tracestore/go.mod as a Go tool, once: the binary is
# cached under ${CHAT4ALL_CACHE:-$HOME/.cache/chat4all}/jaeger/<hash>/jaeger, where <hash> covers go.mod and go.sum,
# so changing the pinned release builds anew and nothing else does.
# Prints the binary's path on stdout (progress goes to stderr), so callers can do: jaeger=$(tracestore/build-jaeger.sh)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cache_root="${CHAT4ALL_CACHE:-$HOME/.cache/chat4all}/jaeger"

log() { echo "jaeger: $*" >&2; }

hash="$(cat "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-16)"
dir="$cache_root/$hash"
binary="$dir/jaeger"

# shellcheck source=../stack/cached-go-build.sh
. "$here/../stack/cached-go-build.sh"
cached_go_build_begin Jaeger

version="$(awk '$1 == "github.com/jaegertracing/jaeger" { print $2 }' "$here/go.mod")"
log "building jaeger $version ($(go version | cut -d' ' -f3)); the first build takes a few minutes"
started=$SECONDS
# -mod=readonly: go.mod and go.sum are the pin; a build that would change them fails instead.
# The version goes where Jaeger's own Makefile puts it, so `jaeger version` and the UI report it.
(cd "$here" && go build -mod=readonly -trimpath \
    -ldflags "-s -w -X github.com/jaegertracing/jaeger/internal/version.latestVersion=$version" \
    -o "$work/jaeger" github.com/jaegertracing/jaeger/cmd/jaeger) >"$work/build.log" 2>&1 || {
    log "build failed; go's output:"
    cat "$work/build.log" >&2
    exit 1
}

cached_go_build_finish "$work/jaeger" "$started"
