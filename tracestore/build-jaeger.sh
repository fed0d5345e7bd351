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

if [[ -x "$binary" ]]; then
    echo "$binary"
    exit 0
fi

# Go's standard install location, for shells (CI, a launcher) whose PATH lacks it.
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
    PATH="$PATH:/usr/local/go/bin"
fi
if ! command -v go >/dev/null 2>&1; then
    log "cannot build Jaeger: the 'go' command is not on PATH."
    log "Install Go 1.26 or newer (https://go.dev/doc/install, or your package manager), then run $0 again."
    exit 1
fi

mkdir -p "$cache_root"
# One build at a time per go.mod/go.sum (the launcher and CI may both ask); the loser finds the binary and returns it.
exec 9>"$dir.lock"
if command -v flock >/dev/null 2>&1; then
    flock 9
fi
if [[ -x "$binary" ]]; then
    echo "$binary"
    exit 0
fi

work="$(mktemp -d "$cache_root/$hash.work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
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

# The binary appears last and in one rename, so its presence means a complete build.
mkdir -p "$dir"
mv "$work/jaeger" "$binary.tmp"
mv "$binary.tmp" "$binary"
log "built in $((SECONDS - started)) s: $binary"
echo "$binary"
