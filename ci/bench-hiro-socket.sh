#!/usr/bin/env bash
# Benchmark (figures, not a test): HIRO's event path over sockets. The reference server
# serves HIRO over plain ws:// (config {"hiro":{"tls":false}}, so that TLS cost is left
# out); 1 and then 100 event-stream subscribers, each with five filters (two overlapping,
# one on CREATEs, two that never match) on one of 4 groups, while one graph-API socket
# keeps 8 writes (create/update) in flight.
# Prints graph writes/s, events delivered/s and event latency (write sent -> event
# received), 3 runs each. Every subscriber must receive exactly one event per successful
# write of its group, else the script fails. Uses the default build (ci/build.sh default)
# unless BUILD_DIR names another build folder. Argument: seconds per run (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-3}"
if [ -z "${BUILD_DIR:-}" ]; then
  bash ci/setup-deps.sh >/dev/null
  bash ci/build.sh default >/dev/null
  BUILD_DIR=build/default
fi
bin="$BUILD_DIR/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null || true' EXIT

echo '{"hiro":{"tls":false}}' >"$work/config.json"
echo "== HIRO over ws://, ${seconds} s per run, 3 runs, a fresh server per run (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
for subs in 1 100; do
  for run in 1 2 3; do
    # A fresh server per run: the store grows with every write.
    "$bin/wsconf-server" --dialect hiro --config "$work/config.json" --ports auto >"$work/ready" 2>"$work/server.log" &
    srv=$!
    for _ in $(seq 50); do grep -q ready "$work/ready" 2>/dev/null && break; sleep 0.1; done
    port=$(sed -n 's/.*"hiro":\([0-9]*\).*/\1/p' "$work/ready")
    [ -n "$port" ] || { echo "the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
    "$bin/wsconf-hiro-load" 127.0.0.1 "$port" "$subs" "$seconds" | tee -a "$work/runs"
    kill "$srv"; wait "$srv" || true; srv=""
  done
done

echo
echo "== summary (range over 3 runs; load after: $(cut -d' ' -f1-3 /proc/loadavg))"
awk '
  function val(k,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } }
  function lo(a, b) { return a == "" || b + 0 < a + 0 ? b : a }
  function hi(a, b) { return a == "" || b + 0 > a + 0 ? b : a }
  {
    k = val("subscribers")
    if (!(k in seen)) { seen[k] = 1; order[++n] = k }
    wa[k] = lo(wa[k], val("writes_per_s")); wb[k] = hi(wb[k], val("writes_per_s"))
    ea[k] = lo(ea[k], val("events_per_s")); eb[k] = hi(eb[k], val("events_per_s"))
    p50a[k] = lo(p50a[k], val("p50_ms")); p50b[k] = hi(p50b[k], val("p50_ms"))
    p99a[k] = lo(p99a[k], val("p99_ms")); p99b[k] = hi(p99b[k], val("p99_ms"))
    bad[k] += val("wrong") + val("missing") + val("failed_writes")
  }
  END {
    printf "%-12s %-18s %-20s %-16s %-16s %s\n", "subscribers", "writes/s", "events/s", "p50 ms", "p99 ms", "wrong+missing+failed"
    for (i = 1; i <= n; i++) { k = order[i]
      printf "%-12s %-18s %-20s %-16s %-16s %d\n", k, wa[k] "-" wb[k], ea[k] "-" eb[k], p50a[k] "-" p50b[k], p99a[k] "-" p99b[k], bad[k] }
  }' "$work/runs"
