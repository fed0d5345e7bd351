#!/usr/bin/env bash
# exit-with-parent.sh <pid> <command> [args...]
# Runs a native program (the telemetry backends) as a child of the Chat4All launcher: SIGTERM to this script reaches the
# program, and when process <pid> (the launcher) is gone, the program gets SIGTERM too, so a launcher that was killed
# leaves nothing behind. (Java children do the same through ExitWithParent.) Exits with the program's status.
parent="$1"
shift
"$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT HUP
while kill -0 "$child" 2>/dev/null; do
    kill -0 "$parent" 2>/dev/null || kill -TERM "$child" 2>/dev/null
    sleep 1 &
    wait $! 2>/dev/null   # a trap interrupts this wait, not a foreground sleep
done
wait "$child"
