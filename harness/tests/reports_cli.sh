#!/bin/sh
# The CLI contract for CI: exit statuses, --fail-on, --strict, --dry-run, --only by
# requirement, --shard (every scenario in exactly one shard), `wsconf merge` (one report
# equal to the unsharded one, JUnit valid against reports/junit.xsd) and `wsconf report`.
# Usage: reports_cli.sh WSCONF SCENARIOS_DIR GATING_FIXTURES OUT_DIR JUNIT_XSD
set -u
WSCONF=$1 SCENARIOS=$2 GATING=$3 OUT=$4 XSD=$5
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# expect STATUS DESCRIPTION COMMAND...: runs the command, compares its exit status.
expect() {
    want=$1 what=$2
    shift 2
    "$@" > "$OUT/last.log" 2>&1
    got=$?
    [ "$got" -eq "$want" ] || { fail "$what: exit $got, expected $want"; sed 's/^/    /' "$OUT/last.log" | tail -20; }
}
rm -rf "$OUT"
mkdir -p "$OUT"

# Exit statuses and --fail-on / --strict on scenarios breaking one level each.
run_g() { "$WSCONF" run --out "$OUT/g" "$@" "$GATING"; }
expect 0 "broken SHOULD, default fail-on must" run_g --only labgraph.gating.should
expect 1 "broken SHOULD, --fail-on should" run_g --only labgraph.gating.should --fail-on should
expect 1 "broken SHOULD, --strict" run_g --only labgraph.gating.should --strict
expect 0 "broken INFO, --fail-on should" run_g --only labgraph.gating.info --fail-on should
expect 1 "broken INFO, --fail-on info" run_g --only labgraph.gating.info --fail-on info
expect 0 "selection by requirement id" run_g --only labgraph.start.event --fail-on info
grep -q "^1 passed, 0 failed, 0 skipped" "$OUT/last.log" || fail "--only by requirement did not select exactly one scenario"
expect 2 "unknown --fail-on level" "$WSCONF" run --fail-on sometimes "$GATING"
expect 2 "bad --shard" "$WSCONF" run --shard 3/2 "$GATING"
expect 3 "server that does not exist" "$WSCONF" run --out "$OUT/x" --server "$OUT/no-such-server" "$GATING"
expect 3 "report from a missing file" "$WSCONF" report "$OUT/none.json" --report "$OUT/none"

# A report, re-rendered with a stricter --fail-on.
expect 0 "run with --report" run_g --report "$OUT/g-report"
for f in report.json report.md report.html junit.xml; do [ -s "$OUT/g-report/$f" ] || [ -s "$OUT/g/$f" ] || fail "missing $f"; done
expect 0 "report re-rendered" "$WSCONF" report "$OUT/g-report/report.json" --report "$OUT/g-again"
expect 1 "report re-rendered with --fail-on info" "$WSCONF" report "$OUT/g-report/report.json" --report "$OUT/g-info" --fail-on info
cmp -s "$OUT/g-report/report.md" "$OUT/g-again/report.md" || fail "re-rendered report.md differs"
grep -Eq '"passed":[[:space:]]*false' "$OUT/g-info/report.json" || fail "re-rendered report with --fail-on info does not say passed false"

# --dry-run names the target and runs nothing (the target port is closed).
expect 0 "dry run" "$WSCONF" run --dry-run --target labgraph=ws://127.0.0.1:1/ "$GATING"
grep -q "^run      labgraph.gating.should  -> ws://127.0.0.1:1/" "$OUT/last.log" || fail "dry run does not show the target"
grep -q "^3 scenarios selected, 0 without a target" "$OUT/last.log" || fail "dry run count"

# Shards: disjoint and complete over the whole suite (listed), and, run on one API's
# scenarios (so other APIs' work in progress does not matter), merged into one report.
ids() { "$WSCONF" run --list "$@" | grep -v '^ ' | grep -v '^[0-9]* scenarios\?$' | cut -d' ' -f1; }
ids "$SCENARIOS" | sort > "$OUT/all.ids"
: > "$OUT/shards.ids"
for k in 1 2 3 4 5; do ids --shard $k/5 "$SCENARIOS" >> "$OUT/shards.ids"; done
sort "$OUT/shards.ids" | cmp -s - "$OUT/all.ids" || fail "the shards do not hold every scenario exactly once"
[ "$(wc -l < "$OUT/all.ids")" -gt 10 ] || fail "too few scenarios listed"
ids --only labgraph "$SCENARIOS" | sort > "$OUT/lab.ids"
for k in 1 2 3; do
    expect 0 "shard $k/3" "$WSCONF" run --only labgraph --shard $k/3 --out "$OUT/s$k" --report "$OUT/s$k" "$SCENARIOS"
done
grep -q "(seed 1, shard 3/3)$" "$OUT/last.log" || fail "the start line does not name the shard"
expect 0 "merge" "$WSCONF" merge "$OUT/merged" "$OUT/s3" "$OUT/s1" "$OUT/s2/report.json"
n=$(grep -c '"transcript_text"' "$OUT/merged/report.json")
[ "$n" -eq "$(wc -l < "$OUT/lab.ids")" ] || fail "merged report has $n scenarios"
xmllint --noout --schema "$XSD" "$OUT/merged/junit.xml" > "$OUT/xsd.log" 2>&1 || { fail "merged JUnit is not valid"; cat "$OUT/xsd.log"; }
xmllint --noout "$OUT/merged/report.html" || fail "merged report.html is not well-formed"
grep -Eq '"shard":[[:space:]]*null' "$OUT/merged/report.json" || fail "merged report still names a shard"
expect 2 "merge with a shard missing" "$WSCONF" merge "$OUT/m2" "$OUT/s1" "$OUT/s2"
grep -q "shard 3/3 is missing" "$OUT/last.log" || fail "missing shard not named"
expect 2 "merge with a shard twice" "$WSCONF" merge "$OUT/m3" "$OUT/s1" "$OUT/s1" "$OUT/s2"

[ "$failures" -eq 0 ] && echo "reports CLI: all checks passed"
exit $((failures != 0))
