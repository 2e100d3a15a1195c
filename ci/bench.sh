#!/usr/bin/env bash
# Benchmarks (figures, not tests): wall time of the LabGraph suite, reference-server
# streaming throughput to 1 and to 100 loopback clients, runner memory per waiting
# scenario. Uses the default build (ci/build.sh default).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup-deps.sh >/dev/null
# GNU time measures the runner's peak memory.
[ -x /usr/bin/time ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
bash ci/build.sh default >/dev/null
bin=build/default/bin
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null || true' EXIT

echo "== LabGraph suite wall time (wsconf run scenarios/labgraph, bundled server), 3 runs"
for i in 1 2 3; do
  s=$(date +%s.%N)
  "$bin/wsconf" run --out "$work/suite" scenarios/labgraph >/dev/null
  e=$(date +%s.%N)
  awk -v i="$i" -v s="$s" -v e="$e" 'BEGIN { printf "run %d: %.2f s\n", i, e - s }'
done

echo "== reference-server throughput, stream bench.fast (rate_hz 0: as fast as the socket drains)"
"$bin/wsconf-server" --dialect labgraph --ports auto >"$work/ready" 2>"$work/server.log" &
srv=$!
for _ in $(seq 50); do grep -q ready "$work/ready" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*"labgraph":\([0-9]*\).*/\1/p' "$work/ready")
"$bin/wsconf-lg-load" 127.0.0.1 "$port" 1 3
"$bin/wsconf-lg-load" 127.0.0.1 "$port" 100 3
kill "$srv"; wait "$srv" || true; srv=""

echo "== runner memory per waiting scenario (each holds one connection and waits 2 s)"
mkdir -p "$work/wait"
gen() { # gen N FILE: N scenarios that connect and wait
  : >"$2"
  for i in $(seq "$1"); do
    cat >>"$2" <<LUA
scenario { id = "labgraph.bench.wait-$i", title = "waits", covers = { "labgraph.session.silent" },
  run = function(t) local ws = t:connect("labgraph")
    ws:expect_none{ match = function() return true end, within = 2, req = "labgraph.session.silent" }
  end }
LUA
  done
}
peak_kib() { # peak RSS (KiB) of wsconf running FILE with -j N
  /usr/bin/time -f '%M' "$bin/wsconf" run -j "$2" --out "$work/mem" "$1" 2>&1 >/dev/null | tail -n 1
}
gen 1 "$work/wait/one.lua"
gen 1000 "$work/wait/many.lua"
one=$(peak_kib "$work/wait/one.lua" 1)
many=$(peak_kib "$work/wait/many.lua" 1000)
echo "peak RSS: 1 waiting scenario ${one} KiB; 1000 at once ${many} KiB"
echo "per waiting scenario: $(( (many - one) / 999 )) KiB"
