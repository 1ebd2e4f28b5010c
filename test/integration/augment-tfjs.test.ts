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
import { fp16Agreement, noiseMoments, PARITY } from "../helpers/augment-parity.js";

const { shape: S, batch: B, std: STD, geometric, full, noiseOnly, tokens, cls } = PARITY;
const N = S.height * S.width * S.channels;

async function runWith(opts: Parameters<typeof createAugmenter>[0], policy: typeof full): Promise<{ t: Uint16Array; c: Uint16Array; backend: string }> {
  const a = await createAugmenter(opts);
  try {
    const out = new Uint16Array(B * N);
    const outCls = new Uint16Array(B * S.channels);
    const job: AugmentJob = {
      policy: resolvePolicy(policy, S),
      seed: PARITY.seed,
      epoch: PARITY.epoch,
      ids: PARITY.ids,
      shape: S,
      tokens,
      cls,
      channelMean: new Float32Array(S.channels).fill(PARITY.mean),
      channelStd: new Float32Array(S.channels).fill(STD),
      outTokens: out,
      outCls,
    };
    await a.run(job);
    return { t: out, c: outCls, backend: `${a.executor}/${a.backend}` };
  } finally {
    await a.close();
  }
}

/** Asserts every value agrees to fp16 rounding (fp16Agreement's measure <= 1). */
function assertClose(a: Uint16Array, b: Uint16Array, what: string, absolute?: number): void {
  const r = fp16Agreement(a, b, absolute);
  assert.ok(r.worst <= 1, `${what}: ${r.detail}`);
}

function assertNoiseStats(out: Uint16Array, what: string): void {
  const m = noiseMoments(out, tokens, PARITY.sigma * STD);
  assert.ok(m.ok, `${what}: noise mean ${m.mean}, std ${m.std} over ${m.n} values`);
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
