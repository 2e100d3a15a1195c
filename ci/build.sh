#!/usr/bin/env bash
# Builds wsconf into build/<type>. Usage: ci/build.sh [default|asan]
set -euo pipefail
cd "$(dirname "$0")/.."
type="${1:-default}"
case "$type" in
  default) cmake_type=RelWithDebInfo ;;
  asan)    cmake_type=asan ;;
  *) echo "usage: ci/build.sh [default|asan]" >&2; exit 2 ;;
esac
cmake -S . -B "build/$type" -DCMAKE_BUILD_TYPE="$cmake_type" >/dev/null
cmake --build "build/$type" -j "$(nproc)"
