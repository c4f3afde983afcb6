#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs `sightline bench` over every recording in the test data, with 1 and
# 2 worker threads.  Usage: scripts/bench-all.sh [BUILD-DIR] [EXTRA FILE…]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
shift || true
data=${SIGHTLINE_TESTDATA:-$here/../shared/testdata}
files=()
while IFS= read -r f; do files+=("$f"); done < <(
  find "$data" -type f \( -name '*.mp4' -o -name '*.avi' \) | sort)
files+=("$@")
for f in "${files[@]}"; do
  for t in 1 2; do
    "$build/src/sightline" bench --threads "$t" "$f"
  done
done
