#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzzer.sh TARGET SECONDS CRASHERS SEED…
# Fuzzes TARGET for SECONDS from a scratch copy of the seeds (libFuzzer
# writes what it finds into its corpus; the seeds stay as they are), then
# replays the kept crashes.  A crash fails the test and is left, with the
# line to keep it as a regression case.
set -euo pipefail
target=$1 seconds=$2 crashers=$3
shift 3
work=$(mktemp -d "${TMPDIR:-/tmp}/sightline-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/crashes"
for seed in "$@"; do
  if [ -d "$seed" ]; then
    find "$seed" -maxdepth 1 -type f -size -1M -exec cp -t "$work/corpus" {} +
  elif [ -f "$seed" ]; then
    cp "$seed" "$work/corpus/"
  fi
done
name=$(basename "$target")
status=0
"$target" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -timeout=20 \
  -print_final_stats=1 -artifact_prefix="$work/crashes/" "$work/corpus" 2>"$work/log" || status=$?
grep -E '^(stat::|#[0-9]+ *DONE|Done )' "$work/log" || true
if [ "$status" -ne 0 ] || [ -n "$(ls -A "$work/crashes")" ]; then
  tail -60 "$work/log"
  keep="$(dirname "$0")/crashers/${name#fuzz-}"
  mkdir -p "$keep"
  for f in "$work/crashes"/*; do
    [ -e "$f" ] || continue
    cp "$f" "$keep/"
    echo "$name: crash kept as $keep/$(basename "$f"): commit it, fix the parser; the replay test then guards it"
  done
  exit 1
fi
mapfile -t kept < <(find "$crashers" -maxdepth 1 -type f ! -name '.*' 2>/dev/null)
if [ ${#kept[@]} -gt 0 ]; then
  "$target" "${kept[@]}" >"$work/replay" 2>&1 || {
    tail -40 "$work/replay"; echo "$name: a kept crash fails again"; exit 1; }
fi
echo "$name: $seconds s, no crash; corpus grew to $(ls "$work/corpus" | wc -l) inputs"
