#!/usr/bin/env bash
# Benchmark (figures, not a test): the reference server's TrustGraph socket, one small
# non-streaming request (config list) with 1, 10 and 100 requests in flight on one
# socket and with 1 and 10 in flight on each of 100 sockets, 3 runs each. Every answer
# is checked (id of a request in flight on that socket, one final frame per request,
# same payload); a wrong or missing answer fails the script. Uses the default build
# (ci/build.sh default) unless BUILD_DIR names another build folder.
# Arguments: [SECONDS per run (default 3)] [PROFILE spec|gateway (default spec)].
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-3}"
profile="${2:-spec}"
if [ -z "${BUILD_DIR:-}" ]; then
  bash ci/setup-deps.sh >/dev/null
  bash ci/build.sh default >/dev/null
  BUILD_DIR=build/default
fi
bin="$BUILD_DIR/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null || true' EXIT

"$bin/wsconf-server" --dialect trustgraph --profile "trustgraph=$profile" --ports auto >"$work/ready" 2>"$work/server.log" &
srv=$!
for _ in $(seq 50); do grep -q ready "$work/ready" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*"trustgraph":\([0-9]*\).*/\1/p' "$work/ready")
[ -n "$port" ] || { echo "the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

echo "== TrustGraph socket, config list, profile $profile, ${seconds} s per run, 3 runs (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
for cfg in "1 1" "1 10" "1 100" "100 1" "100 10"; do
  for run in 1 2 3; do
    # shellcheck disable=SC2086
    "$bin/wsconf-tg-load" 127.0.0.1 "$port" $cfg "$seconds" "$profile" | tee -a "$work/runs"
  done
done
kill "$srv"; wait "$srv" || true; srv=""

echo
echo "== summary (range over 3 runs; load after: $(cut -d' ' -f1-3 /proc/loadavg))"
awk '
  function val(k,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } }
  function lo(a, b) { return a == "" || b + 0 < a + 0 ? b : a }
  function hi(a, b) { return a == "" || b + 0 > a + 0 ? b : a }
  {
    k = val("sockets") " x " val("in_flight_per_socket")
    if (!(k in seen)) { seen[k] = 1; order[++n] = k }
    rmin[k] = lo(rmin[k], val("answers_per_s")); rmax[k] = hi(rmax[k], val("answers_per_s"))
    p50a[k] = lo(p50a[k], val("p50_ms")); p50b[k] = hi(p50b[k], val("p50_ms"))
    p99a[k] = lo(p99a[k], val("p99_ms")); p99b[k] = hi(p99b[k], val("p99_ms"))
    bad[k] += val("wrong") + val("missing")
  }
  END {
    printf "%-22s %-22s %-18s %-18s %s\n", "sockets x in flight", "answers/s", "p50 ms", "p99 ms", "wrong+missing"
    for (i = 1; i <= n; i++) { k = order[i]
      printf "%-22s %-22s %-18s %-18s %d\n", k, rmin[k] "-" rmax[k], p50a[k] "-" p50b[k], p99a[k] "-" p99b[k], bad[k] }
  }' "$work/runs"
