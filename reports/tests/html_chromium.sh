#!/bin/sh
# Renders report.html in headless Chromium and checks the rendered page (the DOM after the
# inline script ran): the summary, a failed check with expected/received, its transcript
# (a binary frame as hex with its protobuf reading),
# hostile content as text only, and the verdict filter preselected by "#show=non-strict".
# Usage: html_chromium.sh CHROMIUM REPORT_HTML OUT_DIR
set -u
CHROMIUM=$1 HTML=$2 OUT=$3
rm -rf "$OUT"
mkdir -p "$OUT"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
render() {  # render URL FILE (each in its own profile: a second instance would hand over to the first)
    HOME="$OUT" timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
        --user-data-dir="$OUT/profile-$(basename "$2" .html)" --dump-dom "$1" > "$2" 2> "$OUT/chromium.log" \
        || { fail "chromium failed on $1"; tail -5 "$OUT/chromium.log"; }
}
has() { grep -q -- "$2" "$1" || fail "rendered page lacks: $2"; }

render "file://$HTML" "$OUT/all.html"
has "$OUT/all.html" '<section id="summary"><h2>Summary</h2>'
has "$OUT/all.html" '<td>lab</td><td>lab-api.txt</td>'
has "$OUT/all.html" '<tr class="failed"><td><strong>FAILED</strong></td><td>SHOULD</td>'
has "$OUT/all.html" '<pre>{"batch_num":2}</pre>'
has "$OUT/all.html" '<td>binary</td><td class="n">3</td><td><p class="proto"><strong class="mono">Lab_Reply</strong>'
has "$OUT/all.html" '<code>{"ok":true,"why":"a&lt;b|c"}</code></p><pre>00 ff 7f</pre>'
has "$OUT/all.html" '&lt;script&gt;alert(1)&lt;/script&gt;'
# Hostile content stayed text: no element came from it (the page itself has no image).
if grep -q '<img' "$OUT/all.html"; then fail "an element was created from report content"; fi
# Nothing is hidden when no filter is given.
if grep -q 'hidden=""' "$OUT/all.html"; then fail "rows hidden without a filter"; fi

render "file://$HTML#show=non-strict" "$OUT/filtered.html"
has "$OUT/filtered.html" '<details id="sc-0" class="scenario" data-verdict="non-strict" open="open">'
has "$OUT/filtered.html" 'data-verdict="info" hidden=""'
has "$OUT/filtered.html" '<tr data-verdict="pass" hidden="">'
has "$OUT/filtered.html" 'value="non-strict" checked="checked"'

[ "$failures" -eq 0 ] && echo "report.html in Chromium: all checks passed"
exit $((failures != 0))
