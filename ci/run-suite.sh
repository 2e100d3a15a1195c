#!/usr/bin/env bash
# The main job: every scenario against the bundled reference server; JUnit and the
# compliance report (report.html, report.md, report.json) go to wsconf-out/ (or the
# folder given as the first argument). Extra arguments go to wsconf run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup-deps.sh
bash ci/build.sh default
out="${1:-wsconf-out}"
shift || true
exec build/default/bin/wsconf run --out "$out" --report "$out" "$@"
