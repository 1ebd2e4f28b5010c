#!/usr/bin/env bash
# Device side of bench/extract.ts: scripts/build-extract-check.sh copies this file to
# .extractcheck/run.sh next to the bundled bench, a compressed Node binary, a pruned node_modules
# (onnxruntime-node, sharp, lmdb for linux-x64 glibc) and the converted embedded model. It needs no
# Node, no npm and no network on the machine, only bash, tar, taskset and xz (or python3 to unpack).
# It unpacks everything to /tmp/extractcheck, laid out like the repo so the bundle's
# PACKAGE_ROOT-relative paths hold:
#   /tmp/extractcheck/app/check/bench/extract.mjs   the bench; new URL("../../") is app/
#   /tmp/extractcheck/app/data -> <repo>/data        the embedded images (EMBEDDED_IMAGES)
#   /tmp/extractcheck/app/node_modules               the externals of the bundle
#   /tmp/extractcheck/loff-home/models               the model store (LOFF_HOME), already converted
# then runs `bench/extract.ts --json` in up to three configurations, each bounded by `timeout`:
#   1  all CPUs;  2  pinned with `taskset -c $EXTRACTCHECK_PIN` (default 0,1);  3  all CPUs again.
# Before each run a probe (scripts/extract-check-probe.ts) records, under the same affinity, the
# extraction worker count and onnxruntime's intra-op thread count the bench gets.
# Writes $OUT/extract-check.jsonl (one JSON line per configuration: the probe's and the bench's
# fields) and $OUT/extract-check.log. Exit 0 when every configuration produced a result.
# Env: OUT (default /tmp/extract-out), EXTRACTCHECK_CONFIGS (default "1 2 3"), EXTRACTCHECK_PIN
# (CPU list of configuration 2, default 0,1), EXTRACTCHECK_TIMEOUT (seconds per bench run, default
# 90), EXTRACTCHECK_ARGS (more bench flags, e.g. "--reps 3"), EXTRACTCHECK_DATA (the repo's data/
# folder; default the one beside .extractcheck/, else $PWD/data).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-/tmp/extract-out}
mkdir -p "$OUT"
log=$OUT/extract-check.log
jsonl=$OUT/extract-check.jsonl
: >"$log"
: >"$jsonl"
exec > >(tee -a "$log") 2>&1
tmp=/tmp/extractcheck
app=$tmp/app
started=$(date +%s)
say() { echo "[run.sh +$(($(date +%s) - started))s] $*"; }
unset NODE_PATH NODE_OPTIONS
export LOFF_HOME=$tmp/loff-home

unxz_to() {
  if command -v xz >/dev/null 2>&1; then
    xz -dc "$1" >"$2"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"
  elif command -v busybox >/dev/null 2>&1; then
    busybox xz -dc "$1" >"$2"
  else
    echo "no xz, python3 or busybox to unpack $1" >&2
    return 1
  fi
}
export -f unxz_to

data=${EXTRACTCHECK_DATA:-}
if [ -z "$data" ]; then
  data=$(cd "$here/.." && pwd)/data
  [ -d "$data/openclipart" ] || data=$PWD/data
fi
[ -d "$data/openclipart" ] || { say "FAILED: no $data/openclipart (set EXTRACTCHECK_DATA to the repo's data/)"; exit 3; }

say "unpacking Node, node_modules and the model to $tmp"
rm -rf "$tmp"
mkdir -p "$app/check" "$LOFF_HOME"
timeout 120 bash -c 'unxz_to "$1" "$2"' _ "$here/node.xz" "$tmp/node" && chmod +x "$tmp/node" || { say "FAILED to unpack node"; exit 3; }
timeout 120 bash -c 'unxz_to "$1" "$2"' _ "$here/nm.tar.xz" "$tmp/nm.tar" && tar -xf "$tmp/nm.tar" -C "$app" && rm -f "$tmp/nm.tar" || { say "FAILED to unpack node_modules"; exit 3; }
timeout 60 bash -c 'unxz_to "$1" "$2"' _ "$here/model.tar.xz" "$tmp/model.tar" && tar -xf "$tmp/model.tar" -C "$LOFF_HOME" && rm -f "$tmp/model.tar" || { say "FAILED to unpack the model"; exit 3; }
cp -r "$here/bench" "$app/check/bench"
ln -s "$data" "$app/data"
NODE=$tmp/node
model_sums_before=$(cd "$LOFF_HOME/models" && sha256sum -- * 2>/dev/null)

say "machine: $(uname -srm); nproc $(nproc); $(grep -c '^processor' /proc/cpuinfo) logical CPUs in /proc/cpuinfo"
say "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
if command -v lscpu >/dev/null 2>&1; then
  lscpu | grep -E '^(Thread|Core|Socket|NUMA node\(s\)|L3|CPU max MHz|Model name)' | sed 's/^/  lscpu: /'
fi
say "memory: $(grep -m1 MemTotal /proc/meminfo | tr -s ' '); affinity of this shell: $(grep Cpus_allowed_list /proc/self/status | cut -f2)"
say "node $("$NODE" --version); data $data; LOFF_HOME $LOFF_HOME"
command -v taskset >/dev/null 2>&1 || say "WARNING: no taskset; configuration 2 runs unpinned"

failures=0
for c in ${EXTRACTCHECK_CONFIGS:-1 2 3}; do
  case $c in
    2) name="pinned ${EXTRACTCHECK_PIN:-0,1}"; pre=(taskset -c "${EXTRACTCHECK_PIN:-0,1}") ;;
    1 | 3) name="all CPUs"; pre=() ;;
    *) say "unknown configuration $c (1, 2 or 3)"; failures=$((failures + 1)); continue ;;
  esac
  command -v taskset >/dev/null 2>&1 || pre=()
  say "=== configuration $c: $name; loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
  probe=$(cd "$app" && timeout -k 5 60 "${pre[@]}" "$NODE" check/bench/probe.mjs 2>>"$log" | tail -n 1)
  say "probe: $probe"
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086 # EXTRACTCHECK_ARGS is a list of flags
  (cd "$app" && timeout -k 10 "${EXTRACTCHECK_TIMEOUT:-90}" "${pre[@]}" "$NODE" check/bench/extract.mjs --json ${EXTRACTCHECK_ARGS:-}) >"$tmp/bench-$c.out" 2>"$tmp/bench-$c.err"
  rc=$?
  wall=$(echo "$(date +%s.%N) $t0" | awk '{printf "%.1f", $1 - $2}')
  sed 's/^/  stderr: /' "$tmp/bench-$c.err"
  sed 's/^/  stdout: /' "$tmp/bench-$c.out"
  bench=$(grep '^{' "$tmp/bench-$c.out" | tail -n 1)
  say "bench exit $rc (124/137: timed out) after ${wall}s"
  [ "$rc" -eq 0 ] && [ -n "$bench" ] || failures=$((failures + 1))
  "$NODE" -e '
    const [config, name, cpus, probe, bench, rc, wall] = process.argv.slice(1);
    const parse = (s) => { try { return JSON.parse(s); } catch { return { unparsed: s }; } };
    const p = probe ? parse(probe) : null;
    const b = bench ? parse(bench) : null;
    // runExtraction starts min(workers, batches) workers, each with a 1-thread session (and one
    // more 1-thread session on the main thread); bare inference uses the onnxruntime default.
    const workers = p?.extract_default_workers && b?.images ? Math.min(p.extract_default_workers, Math.ceil(b.images / b.batch_size)) : null;
    const line = { config: Number(config), name, nproc: Number(cpus), exit: Number(rc), wall_s: Number(wall),
      extract_workers: workers, pipeline_ort_intra_op_threads_per_session: 1,
      bare_inference_ort_intra_op_threads: p?.ort_default_intra_op_threads ?? null, bench: b, probe: p };
    console.log(JSON.stringify(line));
  ' "$c" "$name" "$("${pre[@]}" nproc)" "$probe" "$bench" "$rc" "$wall" | tee -a "$jsonl"
done

model_sums_after=$(cd "$LOFF_HOME/models" && sha256sum -- * 2>/dev/null)
if [ "$model_sums_before" = "$model_sums_after" ]; then
  say "model store unchanged (the shipped model was accepted, nothing reconverted)"
else
  say "WARNING: the model store changed during the runs:"
  echo "$model_sums_after"
fi
say "done: $failures configuration(s) failed; results in $jsonl, log in $log"
[ "$failures" -eq 0 ]
