#!/usr/bin/env bash
# Fails when the committed Python/Go stubs differ from what scripts/gen-clients.sh makes from proto/.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bash "$repo/scripts/gen-clients.sh" "$tmp"
status=0
for d in clients/python/loff/v1 clients/go/loffv1; do
  # __init__.py is written by hand (it documents the package); everything else must match exactly.
  if ! diff -r -x __init__.py -x __pycache__ "$tmp/$d" "$repo/$d" >"$tmp/diff.txt"; then
    echo "generated client code in $d is stale; run scripts/gen-clients.sh and commit:" >&2
    head -40 "$tmp/diff.txt" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "client stubs up to date"
exit "$status"
