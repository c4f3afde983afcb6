#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every C file of the tree is as clang-format (.clang-format) writes it.
# Fix with: clang-format -i FILE…
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
mapfile -t files < <(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 2>/dev/null ||
                     find src tests -name '*.[ch]')
bad=$(clang-format --dry-run "${files[@]}" 2>&1 | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning:.*/\1/p' | sort -u)
if [ -n "$bad" ]; then
  echo "Not formatted (clang-format -i these):"
  echo "$bad"
  exit 1
fi
echo "${#files[@]} C files formatted"
