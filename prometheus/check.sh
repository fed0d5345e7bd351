#!/usr/bin/env bash
# Checks the Prometheus configuration offline with promtool (Debian package `prometheus`): the config and every rule
# file it loads parse, and the recording rules give the specification's series (unit tests in tests/).
set -euo pipefail
cd "$(dirname "$0")"
promtool check config prometheus.yml
promtool check rules rules/*.yml
promtool test rules tests/*.test.yml
