#!/usr/bin/env bash
# Runs every test: unit tests, the scenario suite against the bundled server and the
# fault self-test, in the default build and in the asan (ASan + UBSan) build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup-deps.sh --tests
status=0
for type in default asan; do
  bash ci/build.sh "$type"
  # setup-deps --tests installed chromium and python3-yaml: the tests that need them must
  # be there. (The list is read whole first: grep -q stopping early would fail the pipe
  # under pipefail.)
  tests=$(ctest --test-dir "build/$type" -N)
  for needed in reports.report_html_chromium ci_examples; do
    if ! grep -q "Test *#[0-9]*: $needed\$" <<<"$tests"; then
      echo "test.sh: $needed is not registered in build/$type (a --tests package missing?)"
      status=1
    fi
  done
  echo "== ctest ($type build)"
  # The asan build also finds leaks (LeakSanitizer) and stops on undefined behaviour.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "build/$type" --output-on-failure -j 2 || status=1
done
exit $status
