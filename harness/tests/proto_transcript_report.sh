#!/bin/sh
# A Hanami upload run against the bundled server: report.json tags each protobuf frame with
# the message type and its decoded fields (the sent FileUpload_Message with its position,
# the received FileUploadResponse_Message on the frame holding exactly its bytes), binary
# payloads are kept beyond the console's 48 bytes, report.html shows the reading, and
# `wsconf report` renders the same from the saved JSON; with a fault, report.md lists the
# readings under the failed scenario.
# Usage: proto_transcript_report.sh WSCONF SCENARIOS_DIR OUT_DIR
set -u
WSCONF=$1 SCENARIOS=$2 OUT=$3
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
rm -rf "$OUT"
mkdir -p "$OUT"

"$WSCONF" run --only hanami.upload.csv-lifecycle --report "$OUT/run" --out "$OUT/out" "$SCENARIOS" \
    > "$OUT/run.log" 2>&1 || { fail "the upload scenario did not pass"; tail -20 "$OUT/run.log"; }

# One line per tagged frame of report.json (written one member per line):
# DIR|OP|DATA|TYPE|DECODED, with JSON escapes as written.
frames() {
    awk -F'\t' '
        /^\t+"dir":/ { dir = $NF }
        /^\t+"op":/ { op = $NF }
        /^\t+"data":/ { data = $NF }
        /^\t+"type":/ { type = $NF }
        /^\t+"decoded":/ { if (type != "null,") print dir "|" op "|" data "|" type "|" $NF }
    ' "$1"
}
frames "$OUT/run/report.json" > "$OUT/tagged.txt"
has() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }

# Replies: the 2-byte frame 08 01 received, read as FileUploadResponse_Message.
has "$OUT/tagged.txt" '"in",|"binary",|"08 01",|"FileUploadResponse_Message",|"{\"success\":true,\"errorMessage\":\"\"}"'
# Chunks sent: FileUpload_Message with the position of the third chunk (2 * 128 KiB) and
# its data shown as the first bytes in hex with the length.
has "$OUT/tagged.txt" '"out",|"binary",|"08 80 80 10 12 80 80 08 36 '
has "$OUT/tagged.txt" '|"FileUpload_Message",|"{\"position\":262144,\"data\":<131072 bytes '
# Nothing but binary frames carries a reading.
if grep -v '|"binary",|' "$OUT/tagged.txt" | grep -q .; then fail "a non-binary frame has a protobuf reading"; fi
# Each reply tag sits on a 2-byte frame; every chunk tag on a frame of the chunk's bytes.
if grep '"FileUploadResponse_Message"' "$OUT/tagged.txt" | grep -vq '|"08 01",|'; then
    fail "a FileUploadResponse_Message tag is on another frame"
fi
# A 128 KiB chunk keeps 4096 bytes as hex (3 characters a byte, then " ...") in the report.
awk -F'\t' '/^\t+"data":/ && length($NF) > 12000 { found = 1 } END { exit !found }' "$OUT/run/report.json" \
    || fail "no binary payload kept beyond 4000 bytes"

html="$OUT/run/report.html"
has "$html" '<p class="proto"><strong class="mono">FileUploadResponse_Message</strong> <code>{"success":true,"errorMessage":""}</code></p><pre>08 01</pre>'
has "$html" '<strong class="mono">FileUpload_Message</strong> <code>{"position":262144,"data":&lt;131072 bytes '

# Re-rendered from the saved JSON: the same readings.
"$WSCONF" report "$OUT/run/report.json" --report "$OUT/again" > "$OUT/again.log" 2>&1 \
    || { fail "wsconf report failed"; cat "$OUT/again.log"; }
frames "$OUT/again/report.json" > "$OUT/tagged-again.txt"
cmp -s "$OUT/tagged.txt" "$OUT/tagged-again.txt" || fail "wsconf report changed the protobuf readings"
has "$OUT/again/report.html" '<strong class="mono">FileUploadResponse_Message</strong> <code>{"success":true,"errorMessage":""}</code>'

# A server that puts the reply's success flag in field 3: the run fails, and the reading of the
# reply shows why (success at its default, field 3 unknown) in report.json and in report.md's
# lines under the failed scenario.
"$WSCONF" run --fault hanami.response-wrong-field --only hanami.upload.csv-lifecycle --report "$OUT/fault" \
    --out "$OUT/fault" > "$OUT/fault.log" 2>&1
status=$?
[ "$status" -eq 1 ] || fail "the run with hanami.response-wrong-field exited $status, expected 1"
frames "$OUT/fault/report.json" > "$OUT/tagged-fault.txt"
has "$OUT/tagged-fault.txt" '|"FileUploadResponse_Message",|"{\"success\":false,\"errorMessage\":\"\",\"(unknown)\":[3]}"'
has "$OUT/fault/report.md" '  - protobuf received #'
has "$OUT/fault/report.md" ' s: FileUploadResponse\_Message {"success":false,"errorMessage":"","(unknown)":\[3\]}'

[ "$failures" -eq 0 ] && echo "protobuf readings in the report: all checks passed ($(wc -l < "$OUT/tagged.txt") tagged frames)"
exit $((failures != 0))
