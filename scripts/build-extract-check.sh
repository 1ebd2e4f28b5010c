#!/usr/bin/env bash
# Builds .extractcheck/ (git-ignored): bench/extract.ts (bench:extract, the extraction pipeline
# against bare onnxruntime inference) made runnable on an x86-64 Linux (glibc) machine that has no
# Node, no npm and no network, so the bench can be measured on more cores than this machine has.
# Contents:
#   bench/extract.mjs            the bench and loff's code in one ESM bundle (onnxruntime-node, sharp
#                                and lmdb stay external: native code)
#   bench/model-worker.js        the inference worker (src/extract/models/model-worker.ts) bundled,
#   bench/model-worker-entry.mjs and the entry that loads it: model-worker-pool.ts starts
#                                new URL("./model-worker-entry.mjs", import.meta.url), which finds
#                                these beside the bundle as is
#   bench/package.json           {"type": "module"}, so Node reads model-worker.js as ESM
#   bench/probe.mjs              scripts/extract-check-probe.ts bundled: the worker and onnxruntime
#                                thread counts the bench gets under the current CPU affinity
#   nm.tar.xz                    node_modules for the externals, linux-x64 glibc binaries only
#   model.tar.xz                 models/<key>.onnx(.sha256): the embedded MobileNetV2, converted, so
#                                the machine needs no nsfwjs (the store verifies the hash and keeps it)
#   node.xz                      this machine's Node binary, stripped (.gpucheck/node.xz when that was
#                                made from the same Node)
#   run.sh                       scripts/extract-check-device.sh: unpacks to /tmp, runs the bench
#   MANIFEST                     versions and sha256 of the above
# The bundle finds data/openclipart as PACKAGE_ROOT/data, PACKAGE_ROOT being two folders above it:
# run.sh lays /tmp/extractcheck/app out like the repo (check/bench/extract.mjs, data -> the repo's
# data/, node_modules). Run from anywhere; needs npm ci done, xz and strip. Then carry .extractcheck
# and run, in the repo root of the other machine: OUT=... bash .extractcheck/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$root/.extractcheck

[ "$(uname -m)" = x86_64 ] || { echo "build-extract-check: build on x86-64 (the Node binary travels)" >&2; exit 1; }
node_bin=$(command -v node)
node_version=$(node --version)
case "$node_version" in v2[0-9].*) ;; *) echo "build-extract-check: need Node >= 20" >&2; exit 1 ;; esac
abi=$(node -p process.versions.modules)
[ -x node_modules/.bin/esbuild ] || { echo "build-extract-check: node_modules/.bin/esbuild missing (npm ci)" >&2; exit 1; }

grep -qxF /.extractcheck/ .git/info/exclude 2>/dev/null || echo /.extractcheck/ >>.git/info/exclude

stage=$(mktemp -d /tmp/extractcheck-build.XXXXXX)
trap 'rm -rf "$stage"' EXIT
rm -rf "$out"
mkdir -p "$out/bench"

# --- bundles -------------------------------------------------------------------------------------
esbuild=node_modules/.bin/esbuild
externals=(--external:onnxruntime-node --external:sharp --external:lmdb)
# The banner gives bundled CommonJS code (protobufjs under onnx-proto) a require for Node built-ins,
# as it has when the bench runs from source.
common=(--bundle --platform=node --format=esm --target=node20 --main-fields=module,main --log-level=warning
  --legal-comments=none "${externals[@]}"
  --banner:js='import { createRequire as __extractCheckRequire } from "node:module"; const require = __extractCheckRequire(import.meta.url);')
"$esbuild" bench/extract.ts "${common[@]}" --outfile="$out/bench/extract.mjs"
"$esbuild" src/extract/models/model-worker.ts "${common[@]}" --outfile="$out/bench/model-worker.js"
"$esbuild" scripts/extract-check-probe.ts "${common[@]}" --outfile="$out/bench/probe.mjs"
cp src/extract/models/model-worker-entry.mjs "$out/bench/model-worker-entry.mjs"
echo '{ "private": true, "type": "module" }' >"$out/bench/package.json"
grep -q '"./model-worker-entry.mjs", import.meta.url' "$out/bench/extract.mjs" ||
  { echo "build-extract-check: the bundle no longer starts ./model-worker-entry.mjs beside itself" >&2; exit 1; }

# --- node_modules: the externals and what they load at run time (require.cache of a process that
# imports all three, checked below), linux-x64 glibc binaries for this Node's ABI only ------------
pkgs=(onnxruntime-node onnxruntime-common
  sharp @img/colour detect-libc semver @img/sharp-linux-x64 @img/sharp-libvips-linux-x64
  lmdb @lmdb/lmdb-linux-x64 msgpackr msgpackr-extract @msgpackr-extract/msgpackr-extract-linux-x64
  ordered-binary weak-lru-cache node-gyp-build-optional-packages @harperfast/extended-iterable)
loaded=$(node -e '
  require("onnxruntime-node"); require("sharp"); require("lmdb");
  const names = Object.keys(require.cache).filter((k) => k.includes("/node_modules/")).map((k) => {
    const parts = k.slice(k.lastIndexOf("/node_modules/") + 14).split("/");
    return parts[0].startsWith("@") ? parts[0] + "/" + parts[1] : parts[0];
  });
  console.log([...new Set(names)].sort().join("\n"));')
for p in $loaded; do
  [[ " ${pkgs[*]} " == *" $p "* ]] || { echo "build-extract-check: $p is loaded at run time but not packed; add it to pkgs" >&2; exit 1; }
done
nm=$stage/node_modules
for p in "${pkgs[@]}"; do
  [ -d "node_modules/$p" ] || { echo "build-extract-check: node_modules/$p missing (npm ci)" >&2; exit 1; }
  mkdir -p "$nm/$(dirname "$p")"
  cp -a "node_modules/$p" "$nm/$p"
done
# Other platforms' binaries, sources of the native code, install scripts, types and docs.
find "$nm/onnxruntime-node/bin/napi-v6" -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} +
find "$nm/onnxruntime-node/bin/napi-v6/linux" -mindepth 1 -maxdepth 1 ! -name x64 -exec rm -rf {} +
for d in @lmdb/lmdb-linux-x64 @msgpackr-extract/msgpackr-extract-linux-x64; do
  [ -f "$nm/$d/node.abi$abi.glibc.node" ] || { echo "build-extract-check: $d has no node.abi$abi.glibc.node" >&2; exit 1; }
  find "$nm/$d" -name '*.node' ! -name "node.abi$abi.glibc.node" -delete
done
rm -rf "$nm/onnxruntime-node/lib" "$nm/onnxruntime-node/script" "$nm/sharp/src" "$nm/sharp/install" \
  "$nm/lmdb/dependencies" "$nm/lmdb/src" "$nm/msgpackr-extract/src" "$nm/@img/sharp-libvips-linux-x64/lib/glib-2.0"
find "$nm" \( -name '*.d.ts' -o -name '*.d.cts' -o -name '*.d.mts' -o -name '*.map' -o -name '*.md' -o -name '*.gyp' \) -delete
# Debug sections only (the code is untouched): lmdb and msgpackr-extract ship them.
find "$nm" -name '*.node' -exec strip --strip-debug {} \;
# The staged tree must load on its own, from a folder with no other node_modules above it.
cp "$out/bench/package.json" "$stage/package.json"
(cd "$stage" && env -u NODE_PATH -u NODE_OPTIONS node --input-type=module -e '
  await import("onnxruntime-node"); const { default: sharp } = await import("sharp"); const lmdb = await import("lmdb");
  if (typeof lmdb.open !== "function" || typeof sharp !== "function") throw new Error("bad exports");')
rm "$stage/package.json"
echo "build-extract-check: compressing node_modules, the model and node (about a minute)"
tar -C "$stage" --owner=0 --group=0 --sort=name -cf "$stage/nm.tar" node_modules
nice -n 10 xz -6 -T1 -c "$stage/nm.tar" >"$out/nm.tar.xz"

# --- the converted embedded model -----------------------------------------------------------------
# Converted here first if this machine has not done so yet (needs nsfwjs, which stays here).
model_info=$(node --import tsx --input-type=module -e '
  const { loadEmbeddedMobileNetV2, EMBEDDED_MODEL_KEY } = await import("./src/extract/models/embedded-model.ts");
  const m = await loadEmbeddedMobileNetV2();
  console.log(EMBEDDED_MODEL_KEY + " " + m.path);' | tail -n 1)
key=${model_info%% *}
model_path=${model_info#* }
models=$(dirname "$model_path")
(cd "$models" && sha256sum -c --quiet "$key.onnx.sha256")
tar -C "$(dirname "$models")" --owner=0 --group=0 -cf "$stage/model.tar" "models/$key.onnx" "models/$key.onnx.sha256"
nice -n 10 xz -6 -T1 -c "$stage/model.tar" >"$out/model.tar.xz"

# --- node -----------------------------------------------------------------------------------------
if [ -f .gpucheck/node.xz ] && grep -q "^node $node_version;" .gpucheck/MANIFEST 2>/dev/null; then
  cp .gpucheck/node.xz "$out/node.xz"
else
  strip -o "$stage/node" "$node_bin"
  nice -n 10 xz -6 -T1 -c "$stage/node" >"$out/node.xz"
fi

cp scripts/extract-check-device.sh "$out/run.sh"
chmod +x "$out/run.sh"
{
  echo "built $(date -u +%FT%TZ) from $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- bench src scripts || echo ' (modified)')"
  echo "node $node_version (ABI $abi); model $key"
  for p in onnxruntime-node sharp @img/sharp-libvips-linux-x64 lmdb msgpackr; do
    echo "$p $(node -p "require('./node_modules/$p/package.json').version")"
  done
  (cd "$out" && find . -type f ! -name MANIFEST | sort | sed 's|^\./||' | xargs sha256sum)
} >"$out/MANIFEST"
du -ab "$out" | sort -k2
du -sh "$out"
