# Sourced by the scripts that build a Go program once and cache it (otel/build-collector.sh,
# tracestore/build-jaeger.sh): the steps they share, so the cache, the lock and the messages work alike.
# The caller sets `log` and `binary` (the cached binary's path) before calling these.

# Prints the cached binary and exits when it is there; otherwise makes sure `go` can be run, takes the build lock
# (one build at a time per cache entry: the launcher and CI may both ask; the loser finds the binary and returns it),
# and sets $work to a scratch folder that is removed on exit. $1 names the program in messages.
cached_go_build_begin() {
    local what="$1"
    if [[ -x "$binary" ]]; then
        echo "$binary"
        exit 0
    fi
    # Go's standard install location, for shells (CI, a launcher) whose PATH lacks it.
    if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
        PATH="$PATH:/usr/local/go/bin"
    fi
    if ! command -v go >/dev/null 2>&1; then
        log "cannot build $what: the 'go' command is not on PATH."
        log "Install Go 1.26 or newer (https://go.dev/doc/install, or your package manager), then run $0 again."
        exit 1
    fi
    local dir
    dir="$(dirname "$binary")"
    mkdir -p "$(dirname "$dir")"
    exec 9>"$dir.lock"
    if command -v flock >/dev/null 2>&1; then
        flock 9
    fi
    if [[ -x "$binary" ]]; then
        echo "$binary"
        exit 0
    fi
    work="$(mktemp -d "$dir.work.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
}

# Puts the built program ($1) in the cache and prints its path. The binary appears last and in one rename, so its
# presence means a complete build. $2 is when the build started ($SECONDS).
cached_go_build_finish() {
    mkdir -p "$(dirname "$binary")"
    mv "$1" "$binary.tmp"
    mv "$binary.tmp" "$binary"
    log "built in $((SECONDS - $2)) s: $binary"
    echo "$binary"
}
