// Parity of the tfjs executor with the CPU kernel: on the tfjs CPU backend, and on WebGPU when
// an adapter exists (CI runs scripts/setup-webgpu.sh for Mesa's software Vulkan). Geometry must
// match to fp16 rounding; noise must match too (same table and offsets) and have the requested
// mean and std.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createAugmenter } from "../../src/augment/index.js";
import { probeWebGpu } from "../../src/augment/tfjs/load-backend.js";
import { resolvePolicy } from "../../src/augment/policy.js";
import type { AugmentJob } from "../../src/augment/job.js";
import { fromFloat16 } from "../../src/contract/float16.js";
import { grid, ops } from "../unit/augment/fixtures.js";

const S = { height: 8, width: 10, channels: 16 };
const N = 8 * 10 * 16;
const B = 12;
const STD = 0.8;

const geometric = ops(
  { $case: "horizontalFlip", value: {} },
  { $case: "verticalFlip", value: { p: 0.3 } },
  { $case: "randomResizedCrop", value: { scaleMin: 0.3, scaleMax: 1.6 } },
  { $case: "translate", value: { maxFraction: 0.25 } },
);
const full = ops(
  ...geometric.ops.map((o) => o.op as NonNullable<typeof o.op>),
  { $case: "brightnessContrast", value: { applyToCls: true } },
  { $case: "tokenDropout", value: {} },
  { $case: "gaussianNoise", value: { sigma: 0.5 } },
);
const noiseOnly = ops({ $case: "gaussianNoise", value: { sigma: 0.5 } });

const tokens = grid(B, S, (b, y, x, c) => Math.sin(b * 5 + y * 0.7 + x * 1.3 + c) * 3);
const cls = grid(B, { height: 1, width: 1, channels: 16 }, (b, _y, _x, c) => b / 4 - c / 8);

async function runWith(opts: Parameters<typeof createAugmenter>[0], policy: typeof full): Promise<{ t: Uint16Array; c: Uint16Array; backend: string }> {
  const a = await createAugmenter(opts);
  try {
    const out = new Uint16Array(B * N);
    const outCls = new Uint16Array(B * 16);
    const job: AugmentJob = {
      policy: resolvePolicy(policy, S),
      seed: 77,
      epoch: 2,
      ids: Array.from({ length: B }, (_, i) => i * 3),
      shape: S,
      tokens,
      cls,
      channelMean: new Float32Array(16).fill(0.2),
      channelStd: new Float32Array(16).fill(STD),
      outTokens: out,
      outCls,
    };
    await a.run(job);
    return { t: out, c: outCls, backend: `${a.executor}/${a.backend}` };
  } finally {
    await a.close();
  }
}

/**
 * Asserts every value agrees to fp16 rounding: one fp16 ulp of the larger result, plus float32
 * rounding of the blended inputs (|inputs| <= 3), which dominates where a blend cancels to ~0.
 * GPUs compute sampling coordinates in float32 (tfjs-cpu in float64): WebGPU gets 2^-17 absolute,
 * still far below the fp16 rounding of the inputs themselves (2^-9 at 3).
 */
function assertClose(a: Uint16Array, b: Uint16Array, what: string, absolute = 8 * 2 ** -22): void {
  let worst = 0;
  let at = 0;
  for (let i = 0; i < a.length; i++) {
    const x = fromFloat16(a[i] as number);
    const y = fromFloat16(b[i] as number);
    const tol = Math.max(Math.abs(x), Math.abs(y)) * 2 ** -10 + absolute;
    const r = Math.abs(x - y) / tol;
    if (r > worst) {
      worst = r;
      at = i;
    }
  }
  const detail = `${fromFloat16(a[at] as number)} vs ${fromFloat16(b[at] as number)} at ${at}`;
  assert.ok(worst <= 1, `${what}: worst difference ${worst.toFixed(2)} x tolerance (${detail})`);
}

function assertNoiseStats(out: Uint16Array, what: string): void {
  // (out - in) / (sigma * std) must be ~N(0, 1): n = B*N samples, tolerance ~ 5 standard errors.
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < out.length; i++) {
    const z = (fromFloat16(out[i] as number) - fromFloat16(tokens[i] as number)) / (0.5 * STD);
    s += z;
    s2 += z * z;
  }
  const n = out.length;
  const mean = s / n;
  const sd = Math.sqrt(s2 / n - mean * mean);
  assert.ok(Math.abs(mean) < 5 / Math.sqrt(n) + 0.01, `${what}: noise mean ${mean}`);
  assert.ok(Math.abs(sd - 1) < 0.03, `${what}: noise std ${sd}`);
}

test("tfjs CPU backend matches the CPU kernel (geometry, pointwise ops, noise)", async () => {
  const cpu = await runWith({ device: "cpu", workers: 0 }, geometric);
  const tfjs = await runWith({ tfjsBackend: "cpu" }, geometric);
  assert.equal(tfjs.backend, "tfjs/cpu");
  assertClose(tfjs.t, cpu.t, "geometry");
  const cpuFull = await runWith({ device: "cpu", workers: 0 }, full);
  const tfjsFull = await runWith({ tfjsBackend: "cpu" }, full);
  assertClose(tfjsFull.t, cpuFull.t, "all ops");
  assertClose(tfjsFull.c, cpuFull.c, "cls");
  assertNoiseStats((await runWith({ tfjsBackend: "cpu" }, noiseOnly)).t, "tfjs noise");
  assertNoiseStats((await runWith({ device: "cpu", workers: 0 }, noiseOnly)).t, "cpu noise");
});

test("WebGPU backend matches the CPU kernel", async (t) => {
  const probe = await probeWebGpu().catch(() => undefined);
  if (probe === undefined) {
    const reason = "no WebGPU adapter: run scripts/setup-webgpu.sh and set XDG_RUNTIME_DIR";
    console.log(`# skipping WebGPU parity: ${reason}`);
    t.skip(reason);
    return;
  }
  const cpu = await runWith({ device: "cpu", workers: 0 }, full);
  const gpu = await runWith({ tfjsBackend: "webgpu" }, full);
  assert.equal(gpu.backend, "tfjs/webgpu");
  assertClose(gpu.t, cpu.t, `webgpu (${probe.description})`, 2 ** -17);
  assertClose(gpu.c, cpu.c, "webgpu cls", 2 ** -17);
  assertNoiseStats((await runWith({ tfjsBackend: "webgpu" }, noiseOnly)).t, "webgpu noise");
});
