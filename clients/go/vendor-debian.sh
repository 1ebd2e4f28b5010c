#!/usr/bin/env bash
# Builds vendor/ from Debian's packaged Go sources (/usr/share/gocode: golang-google-grpc-dev,
# golang-google-protobuf-dev and their dependencies), so the module builds with no module proxy:
# `go build`/`go test` then use -mod=vendor automatically. With network access instead, delete
# vendor/ and run `go mod tidy`. Idempotent; rerun after adding an import.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${GOCODE:-/usr/share/gocode}/src"
cd "$here"
module="$(awk '/^module /{print $2}' go.mod)"

# Module roots present in Debian's tree and the version each Debian package provides.
declare -A version=(
  [github.com/golang/protobuf]=v1.5.2
  [golang.org/x/net]=v0.7.0
  [golang.org/x/sys]=v0.3.0
  [golang.org/x/text]=v0.7.0
  [google.golang.org/genproto]=v0.0.0-20200413115906-b5235f6e0000
  [google.golang.org/grpc]=v1.33.3
  [google.golang.org/protobuf]=v1.28.1
)
explicit=" $(awk '/^require/,/^\)/{ if ($1 ~ /\./) print $1 }' go.mod | tr '\n' ' ') "

# The package closure, resolved in GOPATH mode over a private GOPATH that points at this module.
gopath="$(mktemp -d)"
trap 'rm -rf "$gopath"' EXIT
mkdir -p "$gopath/src/$(dirname "$module")"
ln -s "$here" "$gopath/src/$module"
rm -rf vendor
pkgs="$(cd "$gopath/src/$module" && GO111MODULE=off GOPATH="$gopath:${GOCODE:-/usr/share/gocode}" GOFLAGS= \
  go list -deps -test -f '{{if not .Standard}}{{.ImportPath}}{{end}}' ./... | grep -v "^$module" | sort -u)"

mkdir -p vendor
: >vendor/modules.txt
for mod in $(printf '%s\n' "${!version[@]}" | sort); do
  mine="$(printf '%s\n' "$pkgs" | grep -E "^$mod(/|$)" || true)"
  [ -z "$mine" ] && continue
  echo "# $mod ${version[$mod]}" >>vendor/modules.txt
  # The module's own go version sets the language version its vendored packages compile with.
  lang="$(awk '/^go /{print $2}' "$src/$mod/go.mod" 2>/dev/null || true)"
  annot=""
  case "$explicit" in *" $mod "*) annot="explicit" ;; esac
  [ -n "$lang" ] && annot="${annot:+$annot; }go $lang"
  [ -n "$annot" ] && echo "## $annot" >>vendor/modules.txt
  for p in $mine; do
    echo "$p" >>vendor/modules.txt
    mkdir -p "vendor/$p"
    find "$src/$p" -maxdepth 1 -type f ! -name '*_test.go' -exec cp {} "vendor/$p/" \;
  done
  [ -f "$src/$mod/LICENSE" ] && cp "$src/$mod/LICENSE" "vendor/$mod/"
done
unknown="$(printf '%s\n' "$pkgs" | while read -r p; do
  ok=0; for mod in "${!version[@]}"; do case "$p" in "$mod"|"$mod"/*) ok=1 ;; esac; done
  [ "$ok" = 0 ] && echo "$p"; done || true)"
if [ -n "$unknown" ]; then echo "vendor-debian.sh: no module known for: $unknown" >&2; exit 1; fi
echo "vendor/: $(printf '%s\n' "$pkgs" | wc -l) packages from $src"
