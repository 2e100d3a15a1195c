#!/bin/sh
# The spec-profile expectations run against a server in profile gateway must break
# exactly where protocols/trustgraph.md §1.12 says the two disagree: completion flags
# (so correlation, per-id order, REST = last frame), chunk fields, error shapes and texts,
# REST error status, config values as JSON text, embeddings fields, duplicate ids (§1.3). Behaviours
# the profiles share (open auth, id echo, binary frames, the 50 MiB limit, REST 405) still
# pass. Usage: profiles_differ.sh WSCONF SERVER SCENARIOS OUT
set -u
out=$("$1" run --server "$2" --only trustgraph --out "$4" "$3" 2>&1)
got=$(printf '%s\n' "$out" | awk '$1 ~ /^(PASS|FAIL|ERROR|INFO|NON-STRICT)$/ { print $1, $2 }' | sort)
want=$(sort <<'LIST'
FAIL trustgraph.mux.fifty
FAIL trustgraph.mux.slow-fast
FAIL trustgraph.rest.twin
FAIL trustgraph.spec.agent-stream
FAIL trustgraph.spec.errors
FAIL trustgraph.spec.rag-stream
FAIL trustgraph.spec.service-error
INFO trustgraph.config.version
INFO trustgraph.embeddings.vectors
INFO trustgraph.flow.lifecycle
INFO trustgraph.knowledge.core-stream
NON-STRICT trustgraph.spec.duplicate-ids
NON-STRICT trustgraph.spec.rest-errors
PASS trustgraph.auth.open
PASS trustgraph.envelope.binary-frames
PASS trustgraph.mux.id-echo
PASS trustgraph.limits.message-size
PASS trustgraph.rest.method
LIST
)
if [ "$got" != "$want" ]; then
  echo "verdicts differ from the expected profile differences"
  echo "--- expected"; echo "$want"
  echo "--- received"; echo "$got"
  echo "--- run output"; printf '%s\n' "$out"
  exit 1
fi
echo "spec expectations against the gateway profile: the expected 13 scenarios break, 5 pass"
