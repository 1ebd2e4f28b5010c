#!/usr/bin/env bash
# Builds .gpucheck/ (git-ignored): a self-contained bench/gpu-check.ts for an x86-64 Linux GPU
# machine that has no Node, no npm and no network. Contents:
#   gpu-check.mjs     the check, tfjs-core, tfjs-backend-webgpu and loff's code in one ESM bundle
#   worker-entry.mjs  the CPU kernel's worker (src/augment/cpu/worker.ts) bundled: worker-pool.ts
#                     starts "./worker-entry.mjs" beside the module, so the bundle finds it as is
#   node.xz           this machine's Node binary, stripped and compressed
#   dawn.node.xz      the linux-x64 Dawn of the `webgpu` package (loaded through LOFF_DAWN_NODE)
#   run.sh            scripts/gpu-check-device.sh: unpacks to /tmp, finds a Vulkan driver, runs
# Also fetches into .gl/ the Vulkan loader (libvulkan1) and the GL vendor-neutral dispatch libraries
# (libglvnd0 and friends: NVIDIA's Vulkan driver, libGLX_nvidia.so.0, cannot load without
# libGLdispatch). Run from anywhere; needs npm ci done, xz, strip and (for .gl/) apt-get. Then carry
# .gpucheck and .gl and run, on the GPU machine:
#   for f in .gl/*.deb; do case $f in *libvulkan*) ldconfig -p | grep -q 'libvulkan.so.1 ' || dpkg -x $f /;;
#     *) dpkg -x $f /;; esac; done; ldconfig; GPUCHECK_ARGS="--pool 16" bash .gpucheck/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$root/.gpucheck

[ "$(uname -m)" = x86_64 ] || { echo "build-gpu-check: build on x86-64 (the Node binary travels)" >&2; exit 1; }
node_bin=$(command -v node)
case "$(node --version)" in v2[0-9].*) ;; *) echo "build-gpu-check: need Node >= 20" >&2; exit 1 ;; esac
dawn=node_modules/webgpu/dist/linux-x64/dawn.node
[ -f "$dawn" ] || { echo "build-gpu-check: $dawn missing (npm ci with optional dependencies)" >&2; exit 1; }

for p in /.gpucheck/ /.gl/; do
  grep -qxF "$p" .git/info/exclude 2>/dev/null || echo "$p" >>.git/info/exclude
done

rm -rf "$out"
mkdir -p "$out"
esbuild=node_modules/.bin/esbuild
common=(--bundle --platform=node --format=esm --target=node20 --main-fields=module,main --log-level=warning --legal-comments=none)
# webgpu: Dawn comes from LOFF_DAWN_NODE; wasm and tfjs-node-gpu: backends the check never loads.
# The banner gives bundled CommonJS code (tfjs-core's node platform) a require for Node built-ins.
"$esbuild" bench/gpu-check.ts "${common[@]}" --minify-syntax --minify-whitespace \
  --banner:js='import { createRequire as __gpuCheckRequire } from "node:module"; const require = __gpuCheckRequire(import.meta.url);' \
  --external:webgpu --external:@tensorflow/tfjs-backend-wasm --external:@tensorflow/tfjs-node-gpu \
  --outfile="$out/gpu-check.mjs"
"$esbuild" src/augment/cpu/worker.ts "${common[@]}" --outfile="$out/worker-entry.mjs"
cp scripts/gpu-check-device.sh "$out/run.sh"
chmod +x "$out/run.sh"

echo "build-gpu-check: compressing node $(node --version) and dawn.node (about a minute)"
strip -o "$out/node" "$node_bin"
nice -n 10 xz -6 -T1 "$out/node"
nice -n 10 xz -6 -T1 -c "$dawn" >"$out/dawn.node.xz"

if ! ls .gl/libvulkan1_*.deb .gl/libglvnd0_*.deb >/dev/null 2>&1; then
  echo "build-gpu-check: downloading the Vulkan loader and glvnd into .gl/"
  mkdir -p .gl /tmp/amd64/partial
  o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64)
  apt-get "${o[@]}" -qq update
  (cd .gl && apt-get "${o[@]}" download libvulkan1 libglvnd0 libegl1 libgl1 libglx0 libgles2 libopengl0)
fi

{
  echo "built $(date -u +%FT%TZ) from $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- bench src scripts || echo ' (modified)')"
  echo "node $(node --version); webgpu $(node -p 'require("./node_modules/webgpu/package.json").version');" \
    "tfjs-backend-webgpu $(node -p 'require("./node_modules/@tensorflow/tfjs-backend-webgpu/package.json").version')"
  (cd "$out" && sha256sum gpu-check.mjs worker-entry.mjs node.xz dawn.node.xz run.sh)
} >"$out/MANIFEST"
du -ab "$out" .gl | sort -k2
du -sh "$out" .gl
