// GPU check of the tfjs WebGPU executor (Dawn over Vulkan) on a real adapter, in one run:
//  1. parity: the WebGPU executor's outputs match the CPU kernel's to fp16 rounding, with the
//     tolerances of test/integration/augment-tfjs.test.ts: the test's own all-ops policy and
//     loff-ta at the benchmark shapes (tokens and CLS), and its noise has the requested mean/std;
//  2. throughput: samples/s of loff-ta on B=64 batches of 16x16x768 and 14x14x576 fp16 (the
//     shapes of bench/augment.ts) on the WebGPU executor (one batch in flight, then two) next to
//     the WebAssembly CPU kernel on 1 worker and on the pool, measured the same way.
// Why: CI runs WebGPU only on Mesa's llvmpipe, which proves parity but says nothing about speed;
// it decides whether createAugmenter's "auto" should pick the GPU (it measured slower: it does not).
// Prints human-readable lines and, with --out, writes every number to one JSON file. Exit status:
// 0 all parity checks passed, 1 a check failed or errored, 2 no WebGPU adapter (CPU rows only).
// `--probe` only describes the adapters Dawn sees (exit 0 hardware, 10 software only, 11 none).
// Usage: node --import tsx bench/gpu-check.ts [--probe] [--seconds S] [--pool N] [--out FILE]
//   [--min-calls N (default 3)] [--max-inflight N (default 2)]
// Dawn needs XDG_RUNTIME_DIR. LOFF_DAWN_NODE=/path/dawn.node loads Dawn from that file instead of
// the `webgpu` package (the bundle of scripts/build-gpu-check.sh); LOFF_DAWN_FLAGS passes Dawn
// options, space-separated (e.g. "backend=vulkan").
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, cpus } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Augmenter } from "../src/augment/augmenter.js";
import { createCpuAugmenter } from "../src/augment/cpu/cpu-augmenter.js";
import { resolvePolicy, type GridShape } from "../src/augment/index.js";
import { hasGpuDeviceNode } from "../src/augment/tfjs/gpu-device-node.js";
import { probeWebGpu, type TfjsBackend } from "../src/augment/tfjs/load-backend.js";
import { createTfjsAugmenter } from "../src/augment/tfjs/tfjs-augmenter.js";
import { toFloat16 } from "../src/contract/float16.js";
import type { AugmentationPolicy } from "../src/gen/loff/v1/augmentation.js";
import { fp16Agreement, noiseMoments, PARITY } from "../test/helpers/augment-parity.js";
import { loffTaBenchJob, sharedFp16, timeIt } from "./lib/augment-bench.js";

const { values: argv } = parseArgs({
  options: {
    probe: { type: "boolean", default: false },
    seconds: { type: "string", default: "2" },
    pool: { type: "string" },
    "min-calls": { type: "string", default: "3" },
    "max-inflight": { type: "string", default: "2" },
    out: { type: "string" },
  },
});
const SECONDS = Number(argv.seconds);
const POOL = argv.pool === undefined ? availableParallelism() : Number(argv.pool);
/** Timed calls per case at least (after the warm-up call), however long they take. */
const MIN_CALLS = Number(argv["min-calls"]);
/** WebGPU is timed with 1..MAX_INFLIGHT batches in flight. */
const MAX_INFLIGHT = Number(argv["max-inflight"]);
const B = 64;
const SHAPES: GridShape[] = [
  { height: 16, width: 16, channels: 768 },
  { height: 14, width: 14, channels: 576 },
];
/** WebGPU computes sampling coordinates in float32: the test's absolute tolerance for it. */
const GPU_ABSOLUTE = 2 ** -17;

// ---- Dawn -------------------------------------------------------------------------------------

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface AdapterLike {
  info?: AdapterInfoLike;
  limits?: Record<string, number>;
  features?: Iterable<string>;
}
interface GpuLike {
  requestAdapter(opts?: { powerPreference?: string }): Promise<AdapterLike | null>;
}
interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

async function loadDawn(): Promise<DawnModule> {
  const file = process.env["LOFF_DAWN_NODE"];
  if (file !== undefined && file !== "") return createRequire(import.meta.url)(resolve(file)) as DawnModule;
  const name = "webgpu"; // a variable: the bundle loads Dawn from LOFF_DAWN_NODE, not a package
  return (await import(name)) as DawnModule;
}

const dawnFlags = (process.env["LOFF_DAWN_FLAGS"] ?? "").split(/\s+/).filter((s) => s !== "");

/** The adapters Dawn can see ("backend: 'vulkan', name: '...'"): asking for a missing one lists them. */
async function listAdapters(dawn: DawnModule): Promise<string[]> {
  const gpu = dawn.create([
    ...dawnFlags.filter((f) => !f.startsWith("adapter=")),
    "adapter=loff-gpu-check-no-such-adapter",
  ]);
  try {
    await gpu.requestAdapter();
    return [];
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    return text
      .split("\n")
      .filter((l) => l.trim().startsWith("* "))
      .map((l) => l.trim().slice(2));
  }
}

interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean | undefined;
  limits: Record<string, number>;
  features: string[];
}

async function describeAdapter(gpu: GpuLike): Promise<AdapterReport | undefined> {
  const a = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (a === null) return undefined;
  const i = a.info ?? {};
  const limits: Record<string, number> = {};
  for (const k of [
    "maxBufferSize",
    "maxStorageBufferBindingSize",
    "maxComputeWorkgroupStorageSize",
    "maxComputeInvocationsPerWorkgroup",
  ]) {
    const v = a.limits?.[k];
    if (typeof v === "number") limits[k] = v;
  }
  return {
    vendor: i.vendor ?? "",
    architecture: i.architecture ?? "",
    device: i.device ?? "",
    description: i.description ?? "",
    isFallbackAdapter: i.isFallbackAdapter,
    limits,
    features: [...(a.features ?? [])].sort(),
  };
}

// ---- checks -----------------------------------------------------------------------------------

interface Parity {
  name: string;
  ok: boolean;
  /** Worst |difference| / tolerance (must be <= 1). */
  worst?: number;
  /** Values whose fp16 bits differ at all. */
  differing?: number;
  detail: string;
}

/** fp16Agreement (the parity test's measure) as a report. */
function compare(name: string, a: Uint16Array, b: Uint16Array, absolute: number): Parity {
  const r = fp16Agreement(a, b, absolute);
  return { name, ok: r.worst <= 1, worst: Number(r.worst.toFixed(4)), differing: r.differing, detail: r.detail };
}

/** noiseMoments (the parity test's measure) as a report. */
function noiseStats(name: string, out: Uint16Array, input: Uint16Array, sigmaStd: number): Parity {
  const m = noiseMoments(out, input, sigmaStd);
  return { name, ok: m.ok, detail: `noise mean ${m.mean.toFixed(5)}, std ${m.std.toFixed(5)} over ${m.n} values` };
}

interface Case {
  policy: AugmentationPolicy | string;
  shape: GridShape;
  batch: number;
  tokens: Uint16Array;
  cls?: Uint16Array;
  mean: number;
  std: number;
  seed: number;
  epoch: number;
  ids: number[];
}

async function runCase(aug: Augmenter, c: Case): Promise<{ t: Uint16Array; c: Uint16Array | undefined }> {
  const C = c.shape.channels;
  const t = new Uint16Array(c.tokens.length);
  const outCls = c.cls === undefined ? undefined : new Uint16Array(c.batch * C);
  await aug.run({
    policy: resolvePolicy(c.policy, c.shape),
    seed: c.seed,
    epoch: c.epoch,
    ids: c.ids,
    shape: c.shape,
    tokens: c.tokens,
    ...(c.cls !== undefined ? { cls: c.cls, outCls } : {}),
    channelMean: new Float32Array(C).fill(c.mean),
    channelStd: new Float32Array(C).fill(c.std),
    outTokens: t,
  });
  return { t, c: outCls };
}

/** The inputs of test/integration/augment-tfjs.test.ts's WebGPU test. */
function testCases(): { full: Case; noise: Case } {
  const base = { ...PARITY, policy: PARITY.full };
  return { full: base, noise: { ...base, policy: PARITY.noiseOnly } };
}

/** loff-ta on a benchmark shape, with CLS, mean 0 and std 1 like bench/augment.ts. */
function benchCase(shape: GridShape): Case {
  const n = B * shape.height * shape.width * shape.channels;
  const tokens = new Uint16Array(n);
  for (let i = 0; i < n; i++) tokens[i] = toFloat16(Math.sin(i * 0.001) * 2);
  const cls = new Uint16Array(B * shape.channels);
  for (let i = 0; i < cls.length; i++) cls[i] = toFloat16(Math.cos(i * 0.01));
  return {
    policy: "loff-ta",
    shape,
    batch: B,
    tokens,
    cls,
    mean: 0,
    std: 1,
    seed: 5,
    epoch: 3,
    ids: Array.from({ length: B }, (_, i) => 1000 + i * 7),
  };
}

// ---- throughput (as bench/augment.ts) ----------------------------------------------------------

interface Row {
  shape: number[];
  batch: number;
  dtype: "float16";
  executor: string;
  workers: number;
  inflight: number;
  samples_per_s: number;
  ms_per_batch: number;
  gb_per_s: number;
}

async function throughput(
  aug: Augmenter,
  shape: GridShape,
  inflight: number,
  tokens: Uint16Array,
): Promise<Row> {
  const n = B * shape.height * shape.width * shape.channels;
  const outs = Array.from({ length: inflight }, () => sharedFp16(n));
  const job = loffTaBenchJob(shape, B, tokens);
  let epoch = 0;
  const t = await timeIt(() => Promise.all(outs.map((outTokens) => aug.run({ ...job, outTokens, epoch: epoch++ }))), SECONDS, MIN_CALLS);
  const samples = (B * inflight) / t;
  return {
    shape: [shape.height, shape.width, shape.channels],
    batch: B,
    dtype: "float16",
    executor: `${aug.executor}/${aug.backend}`,
    workers: aug.workers,
    inflight,
    samples_per_s: Math.round(samples),
    ms_per_batch: Number(((t / inflight) * 1000).toFixed(2)),
    gb_per_s: Number(((samples * n * 2) / B / 1e9).toFixed(3)),
  };
}

// ---- main -------------------------------------------------------------------------------------

const started = performance.now();
const log = (s: string): void =>
  console.log(`gpu-check [${((performance.now() - started) / 1000).toFixed(1)}s]: ${s}`);
const errors: string[] = [];
const errorText = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

/** Dawn's adapters, and the one tfjs will get, or none (with the reason in errors). */
async function setUpDawn(): Promise<{ adapters: string[]; adapter: AdapterReport | undefined }> {
  try {
    const dawn = await loadDawn();
    Object.assign(globalThis, dawn.globals);
    const adapters = await listAdapters(dawn);
    const gpu = dawn.create(dawnFlags);
    Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
    return { adapters, adapter: await describeAdapter(gpu) };
  } catch (e) {
    errors.push(`Dawn: ${errorText(e)}`);
    log(`Dawn failed: ${errorText(e)}`);
    return { adapters: [], adapter: undefined };
  }
}
const { adapters, adapter } = await setUpDawn();
const probe = adapter === undefined ? undefined : await probeWebGpu().catch(() => undefined);
const env = Object.fromEntries(
  ["VK_DRIVER_FILES", "VK_ICD_FILENAMES", "VK_ADD_DRIVER_FILES", "XDG_RUNTIME_DIR", "LOFF_DAWN_FLAGS"].map(
    (k) => [k, process.env[k] ?? null],
  ),
);
const report: Record<string, unknown> = {
  check: "loff gpu-check: tfjs WebGPU executor vs CPU kernel",
  date: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpu: { count: availableParallelism(), model: cpus()[0]?.model ?? "unknown" },
  env,
  gpu_device_node: hasGpuDeviceNode(),
  adapters,
  adapter: adapter ?? null,
  loff_probe: probe ?? null,
  errors,
};
log(`Dawn sees ${adapters.length} adapter(s): ${adapters.length > 0 ? adapters.join("; ") : "none"}`);
if (adapter !== undefined) {
  log(
    `adapter: vendor=${adapter.vendor} architecture=${adapter.architecture} device=${adapter.device} description="${adapter.description}" fallback=${adapter.isFallbackAdapter}`,
  );
  log(`adapter limits: ${JSON.stringify(adapter.limits)}`);
  log(
    `loff's probe: "${probe?.description}" hardware=${probe?.hardware} (auto mode picks WebGPU only on hardware with a GPU device node: ${hasGpuDeviceNode()})`,
  );
} else log("no WebGPU adapter");
log(`env: ${JSON.stringify(env)}`);

if (argv.probe) {
  console.log(JSON.stringify(report));
  process.exit(adapter === undefined ? (errors.length > 0 ? 1 : 11) : probe?.hardware === true ? 0 : 10);
}

const parity: Parity[] = [];
const rows: Row[] = [];
report["parity"] = parity;
report["throughput"] = rows;
report["seconds_per_case"] = SECONDS;
report["pool_workers"] = POOL;
/** Writes what is known so far, so a run cut off by a timeout still leaves its numbers. */
const save = (): void => {
  if (argv.out !== undefined) writeFileSync(argv.out, `${JSON.stringify(report, null, 2)}\n`);
};
save();

let webgpu: Augmenter | undefined;
if (adapter !== undefined) {
  try {
    const tf = await import("@tensorflow/tfjs-core");
    await import("@tensorflow/tfjs-backend-webgpu"); // registers "webgpu" now that navigator.gpu exists
    if (!(await tf.setBackend("webgpu"))) throw new Error('tfjs backend "webgpu" failed to initialise');
    await tf.ready();
    const backend: TfjsBackend = {
      tf,
      name: "webgpu",
      description: `webgpu: ${probe?.description ?? ""}`,
      hardware: probe?.hardware === true,
    };
    webgpu = createTfjsAugmenter(backend);
  } catch (e) {
    errors.push(`webgpu backend: ${errorText(e)}`);
    log(`webgpu backend failed: ${errorText(e)}`);
  }
}

const reference = createCpuAugmenter({ workers: 0 });
if (webgpu !== undefined) {
  const gpuAug = webgpu;
  const tf = await import("@tensorflow/tfjs-core");
  const check = async (name: string, fn: () => Promise<Parity[]>): Promise<void> => {
    const t0 = performance.now();
    try {
      for (const p of await fn()) {
        parity.push(p);
        log(`parity ${p.ok ? "PASS" : "FAIL"} ${p.name}: ${p.detail}`);
        save();
      }
    } catch (e) {
      parity.push({ name, ok: false, detail: `error: ${errorText(e)}` });
      log(`parity ERROR ${name}: ${errorText(e)}`);
    }
    log(`  (${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };
  const { full, noise } = testCases();
  await check("test policy (all ops, 8x10x16, B=12)", async () => {
    const cpu = await runCase(reference, full);
    const gpuOut = await runCase(gpuAug, full);
    return [
      compare("test policy tokens (all ops)", gpuOut.t, cpu.t, GPU_ABSOLUTE),
      compare("test policy cls", gpuOut.c as Uint16Array, cpu.c as Uint16Array, GPU_ABSOLUTE),
    ];
  });
  await check("test noise statistics", async () => [
    noiseStats(
      "webgpu noise statistics (sigma 0.5, std 0.8)",
      (await runCase(gpuAug, noise)).t,
      noise.tokens,
      PARITY.sigma * PARITY.std,
    ),
  ]);
  for (const shape of SHAPES) {
    const name = `loff-ta ${shape.height}x${shape.width}x${shape.channels} B=${B}`;
    await check(name, async () => {
      const c = benchCase(shape);
      const cpu = await runCase(reference, c);
      const gpuOut = await runCase(gpuAug, c);
      return [
        compare(`${name} tokens`, gpuOut.t, cpu.t, GPU_ABSOLUTE),
        compare(`${name} cls`, gpuOut.c as Uint16Array, cpu.c as Uint16Array, GPU_ABSOLUTE),
      ];
    });
  }
  report["tfjs_tensors_after_parity"] = tf.memory().numTensors;
}
await reference.close();

const pool = [...new Set([1, POOL])];
for (const shape of SHAPES) {
  const n = B * shape.height * shape.width * shape.channels;
  const tokens = sharedFp16(n);
  for (let i = 0; i < n; i++) tokens[i] = toFloat16(Math.sin(i * 0.001) * 2);
  const label = `${shape.height}x${shape.width}x${shape.channels}`;
  const show = (r: Row): void => {
    save();
    log(
      `${label} ${r.executor.padEnd(12)} workers=${String(r.workers).padStart(2)} inflight=${r.inflight}: ${String(r.samples_per_s).padStart(7)} samples/s  ${r.ms_per_batch} ms/batch  ${r.gb_per_s} GB/s`,
    );
  };
  if (webgpu !== undefined) {
    for (let inflight = 1; inflight <= MAX_INFLIGHT; inflight++) {
      try {
        const r = await throughput(webgpu, shape, inflight, tokens);
        rows.push(r);
        show(r);
      } catch (e) {
        errors.push(`webgpu ${label} inflight ${inflight}: ${errorText(e)}`);
        log(`webgpu ${label} inflight ${inflight} failed: ${errorText(e)}`);
      }
    }
  }
  for (const workers of pool) {
    const aug = createCpuAugmenter({ workers });
    try {
      const r = await throughput(aug, shape, 1, tokens);
      rows.push(r);
      show(r);
    } catch (e) {
      errors.push(`cpu ${label} workers ${workers}: ${errorText(e)}`);
      log(`cpu ${label} workers ${workers} failed: ${errorText(e)}`);
    } finally {
      await aug.close();
    }
  }
}
if (webgpu !== undefined) {
  const tf = await import("@tensorflow/tfjs-core");
  report["tfjs_tensors_at_end"] = tf.memory().numTensors;
  await webgpu.close();
}

// WebGPU (best of in-flight 1 and 2) against the CPU kernel on 1 worker and on the pool, per shape.
const summary = SHAPES.map((s) => {
  const at = rows.filter((r) => r.shape.join("x") === `${s.height}x${s.width}x${s.channels}`);
  const gpuBest = Math.max(
    0,
    ...at.filter((r) => r.executor.startsWith("tfjs/")).map((r) => r.samples_per_s),
  );
  const cpu = (w: number): number =>
    at.find((r) => r.executor.startsWith("cpu/") && r.workers === w)?.samples_per_s ?? 0;
  const ratio = (a: number, b: number): number | null => (a > 0 && b > 0 ? Number((a / b).toFixed(2)) : null);
  return {
    shape: [s.height, s.width, s.channels],
    webgpu_samples_per_s: gpuBest,
    cpu_1_worker_samples_per_s: cpu(1),
    cpu_pool_samples_per_s: cpu(POOL),
    webgpu_over_cpu_1_worker: ratio(gpuBest, cpu(1)),
    webgpu_over_cpu_pool: ratio(gpuBest, cpu(POOL)),
  };
});
report["summary"] = summary;
const parityOk = parity.length > 0 && parity.every((p) => p.ok);
report["parity_ok"] = webgpu === undefined ? null : parityOk;
const status =
  webgpu === undefined
    ? adapter === undefined && errors.length === 0
      ? 2
      : 1
    : parityOk && errors.length === 0
      ? 0
      : 1;
report["exit_status"] = status;

for (const s of summary) {
  log(
    `summary ${s.shape.join("x")}: webgpu ${s.webgpu_samples_per_s}/s, cpu 1 worker ${s.cpu_1_worker_samples_per_s}/s (x${s.webgpu_over_cpu_1_worker ?? "-"}), cpu ${POOL} workers ${s.cpu_pool_samples_per_s}/s (x${s.webgpu_over_cpu_pool ?? "-"})`,
  );
}
log(
  `parity: ${webgpu === undefined ? "not run (no WebGPU)" : parityOk ? "all PASS" : "FAILED"}; errors: ${errors.length}; exit ${status}`,
);
save();
if (argv.out !== undefined) log(`wrote ${argv.out}`);
process.exit(status);
