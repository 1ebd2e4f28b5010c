#!/usr/bin/env bash
# Device side of bench/gpu-check.ts: scripts/build-gpu-check.sh copies this file to .gpucheck/run.sh
# next to a bundled check, a compressed Node binary and Dawn. It needs no Node, no npm and no
# network on the machine, only a Vulkan loader (libvulkan.so.1) and a driver. It unpacks Node and
# Dawn to /tmp, finds a Vulkan driver that gives Dawn a hardware adapter (first as the machine is
# set up, then each nvidia_icd.json it can find, via VK_DRIVER_FILES), then runs the check: parity
# with the CPU kernel and throughput of WebGPU vs the CPU kernel. Every step is bounded by
# `timeout`. Writes $OUT/gpu-check.json (results), gpu-check.log, probe.log (Vulkan loader
# messages) and nvidia-smi.csv (GPU load while the check runs).
# Env: OUT (default /tmp/gpucheck-out), GPUCHECK_SECONDS (seconds per timed case, default 2),
# GPUCHECK_ARGS (more check flags, e.g. "--min-calls 1 --max-inflight 1"), GPUCHECK_TIMEOUT
# (seconds for the check itself, default 180; it needs about 40 on a GPU at 2 s per case).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-/tmp/gpucheck-out}
mkdir -p "$OUT"
tmp=/tmp/gpucheck
mkdir -p "$tmp"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/xdg-runtime}
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
started=$(date +%s)
say() { echo "[run.sh +$(($(date +%s) - started))s] $*"; }

unxz_to() {
  if command -v xz >/dev/null 2>&1; then
    xz -dc "$1" >"$2"
  else
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"
  fi
}

say "unpacking Node and Dawn to $tmp"
export -f unxz_to
timeout 60 bash -c 'unxz_to "$1" "$2"' _ "$here/node.xz" "$tmp/node" && chmod +x "$tmp/node" || { say "FAILED to unpack node"; exit 3; }
timeout 60 bash -c 'unxz_to "$1" "$2"' _ "$here/dawn.node.xz" "$tmp/dawn.node" || { say "FAILED to unpack dawn.node"; exit 3; }
NODE=$tmp/node
export LOFF_DAWN_NODE=$tmp/dawn.node
say "node $("$NODE" --version) on $(uname -m), $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

say "GPU and Vulkan as found:"
timeout 20 nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader 2>&1 | sed 's/^/  nvidia-smi: /'
ldconfig -p 2>/dev/null | grep -E 'libvulkan\.so|libGLX_nvidia\.so' | sed 's/^/  ldconfig:/'
# The NVIDIA ICD names libGLX_nvidia.so.0 bare: make the driver's own folder findable if ldconfig is not.
if ! ldconfig -p 2>/dev/null | grep -q 'libGLX_nvidia\.so\.0'; then
  for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
    if [ -e "$d/libGLX_nvidia.so.0" ]; then
      export LD_LIBRARY_PATH="$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
      say "  added $d to LD_LIBRARY_PATH (libGLX_nvidia.so.0 is not in the ld cache)"
    fi
  done
fi
icds=()
manifests=$({
  ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json /usr/local/share/vulkan/icd.d/*.json
  timeout 15 find /usr/local/nvidia /usr/share /etc /opt -maxdepth 6 -name 'nvidia_icd*.json'
} 2>/dev/null | sort -u)
for f in $manifests; do
  [ -e "$f" ] || continue
  echo "  ICD manifest: $f -> $(grep -o '"library_path"[^,}]*' "$f" | head -n 1)"
  case "$(basename "$f")" in nvidia*) [[ " ${icds[*]} " == *" $(realpath "$f") "* ]] || icds+=("$(realpath "$f")") ;; esac
done
say "NVIDIA ICD manifests to try: ${icds[*]:-none}"

# Probe: exit 0 = hardware adapter, 10 = software only, 11 = none, else a crash.
: >"$OUT/probe.log"
probe() {
  local log=$tmp/probe-last.log rc
  VK_LOADER_DEBUG=error,warn,driver timeout -k 5 40 "$NODE" "$here/gpu-check.mjs" --probe >"$log" 2>&1
  rc=$?
  { echo "=== probe with VK_DRIVER_FILES=${VK_DRIVER_FILES:-<unset>}: exit $rc"; cat "$log"; } >>"$OUT/probe.log"
  grep -E '^gpu-check \[[0-9.]+s\]: (Dawn sees|adapter:)' "$log" | sed 's/^/  /'
  grep -E 'Found ICD manifest|ERROR|[Ff]ailed|[Ee]rror:' "$log" | sort -u | head -n 12 | sed 's/^/  loader: /'
  return $rc
}
# Attempts: the environment as given (the caller may have set VK_DRIVER_FILES), the loader's own
# search, then each NVIDIA manifest. The first with a hardware adapter wins, else the first with a
# software one, else the first (the check then measures the CPU kernel only).
attempts=("${VK_DRIVER_FILES:-}")
[ -z "${attempts[0]}" ] || attempts+=("")
for f in "${icds[@]}"; do [ "$f" = "${attempts[0]}" ] || attempts+=("$f"); done
use_env() { if [ -z "$1" ]; then unset VK_DRIVER_FILES VK_ICD_FILENAMES; else export VK_DRIVER_FILES=$1 VK_ICD_FILENAMES=$1; fi; }
hardware=-1
software=-1
for i in "${!attempts[@]}"; do
  use_env "${attempts[$i]}"
  say "probing WebGPU adapters with VK_DRIVER_FILES=${VK_DRIVER_FILES:-<unset>}"
  probe
  rc=$?
  say "  probe exit $rc (0 hardware, 10 software only, 11 none)"
  if [ $rc -eq 0 ]; then hardware=$i; break; fi
  if [ $rc -eq 10 ] && [ $software -lt 0 ]; then software=$i; fi
done
kind=hardware pick=$hardware
[ $pick -ge 0 ] || { kind=software pick=$software; }
[ $pick -ge 0 ] || { kind=no pick=0; }
use_env "${attempts[$pick]}"
say "running the check ($kind adapter, VK_DRIVER_FILES=${VK_DRIVER_FILES:-<unset>})"

smi=""
if command -v nvidia-smi >/dev/null 2>&1; then
  timeout "${GPUCHECK_TIMEOUT:-180}" nvidia-smi --query-gpu=timestamp,utilization.gpu,utilization.memory,clocks.sm,power.draw,memory.used --format=csv -lms 500 >"$OUT/nvidia-smi.csv" 2>&1 &
  smi=$!
fi
# shellcheck disable=SC2086 # GPUCHECK_ARGS is a list of flags
timeout -k 10 "${GPUCHECK_TIMEOUT:-180}" "$NODE" "$here/gpu-check.mjs" --seconds "${GPUCHECK_SECONDS:-2}" --out "$OUT/gpu-check.json" ${GPUCHECK_ARGS:-} 2>&1 | tee "$OUT/gpu-check.log"
rc=${PIPESTATUS[0]}
[ -n "$smi" ] && kill "$smi" 2>/dev/null
say "check exit $rc (0 parity passed, 1 a check failed, 2 no WebGPU adapter, 124/137 timed out); results in $OUT/gpu-check.json"
exit "$rc"
