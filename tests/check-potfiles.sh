#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every file with translatable strings is listed in po/POTFILES, every
# listed file exists, and po/ko.po translates every message.
set -euo pipefail
top=$1
cd "$top"
status=0
mapfile -t listed < <(grep -v '^#' po/POTFILES | sed '/^$/d')
declare -A is_listed
for f in "${listed[@]}"; do
  [ -f "$f" ] || { echo "po/POTFILES lists $f, which does not exist"; status=1; }
  is_listed[$f]=1
done
# (A lookup, not `printf | grep -q`: under pipefail grep's early exit
# makes printf's SIGPIPE fail the pipeline now and then.)
while IFS= read -r f; do
  if [ -z "${is_listed[$f]:-}" ]; then
    echo "$f has translatable strings but is not in po/POTFILES"; status=1
  fi
done < <( { grep -rlE '\b(N?_|N?C_)\s*\(\s*"' src --include='*.c';
            grep -rl 'translatable="yes"' ui data; } | sort -u)

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 -f po/POTFILES \
  -o "$tmp/sightline.pot" 2>/dev/null
msgmerge -q "po/ko.po" "$tmp/sightline.pot" -o "$tmp/ko.po"
stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$tmp/ko.po" 2>&1)
echo "ko: $stats"
case "$stats" in
  *untranslated*|*fuzzy*) echo "po/ko.po is incomplete"; status=1;;
esac
msgfmt -c -o /dev/null po/ko.po || status=1
exit $status
