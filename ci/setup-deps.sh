#!/usr/bin/env bash
# Installs the Debian 12 packages wsconf needs, and nothing when all are present.
# Needs root (or sudo) only when something is missing.
# Usage: ci/setup-deps.sh [--tests]   (--tests adds what only the test suite needs)
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libwebsockets-dev libcjson-dev libprotobuf-c-dev protobuf-c-compiler
  libcmocka-dev liblua5.4-dev libssl-dev
  libxml2-utils   # xmllint: the tests check JUnit and report.html
)
if [ "${1:-}" = "--tests" ]; then
  # Headless rendering of report.html (ctest reports.report_html_chromium); the CI
  # examples parsed and run locally (ctest ci_examples).
  packages+=(chromium python3 python3-yaml)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup-deps: done"
