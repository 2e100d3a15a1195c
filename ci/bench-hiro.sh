#!/usr/bin/env bash
# Benchmark (figures, not a test): HIRO's event path in process, one core — jfilter
# evaluations/s and parses/s, and events/s published to 100 subscribers with 5 filters
# each. Uses the default build (ci/build.sh default). Argument: seconds per figure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup-deps.sh >/dev/null
bash ci/build.sh default >/dev/null
exec taskset -c 0 build/default/bin/wsconf-hiro-bench "${1:-0.5}"
