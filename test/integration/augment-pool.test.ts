// The worker pool: byte-identical results for 1 vs N workers and batch 7 vs 64, in-place writes
// to shared buffers, staging of ordinary arrays, cancellation, fairness and clean shutdown.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createAugmenter } from "../../src/augment/index.js";
import { createCpuAugmenter } from "../../src/augment/cpu/cpu-augmenter.js";
import { createFairQueue } from "../../src/augment/cpu/fair-queue.js";
import { resolvePolicy } from "../../src/augment/policy.js";
import type { AugmentJob } from "../../src/augment/job.js";
import { grid } from "../unit/augment/fixtures.js";

const S = { height: 6, width: 6, channels: 32 };
const N = 6 * 6 * 32;
const shared16 = (n: number): Uint16Array => new Uint16Array(new SharedArrayBuffer(n * 2));

function job(B: number, ids: number[], tokens: Uint16Array, out: Uint16Array | Float32Array, policy = "loff-ta-trivial"): AugmentJob {
  return {
    policy: resolvePolicy(policy, S),
    seed: 2024,
    epoch: 3,
    ids,
    shape: S,
    tokens,
    channelMean: new Float32Array(32).fill(0.1),
    channelStd: new Float32Array(32).fill(0.7),
    outTokens: out,
  };
}

test("1 worker vs 3 workers and batch 64 vs 7: byte-identical outputs", async () => {
  const ids = Array.from({ length: 64 }, (_, i) => 1000 + i * 7);
  const src = grid(64, S, (b, y, x, c) => Math.sin(b * 31 + y * 7 + x * 3 + c));
  const tokens = shared16(src.length);
  tokens.set(src);
  const one = createCpuAugmenter({ workers: 1 });
  const three = createCpuAugmenter({ workers: 3 });
  try {
    const a = shared16(src.length);
    const b = shared16(src.length);
    await one.run(job(64, ids, tokens, a));
    await three.run(job(64, ids, tokens, b));
    assert.deepEqual(b, a);
    assert.notDeepEqual(a, src);
    // Batch of 7 from the middle, in another order, with ordinary (non-shared) arrays.
    const pick = [40, 3, 17, 63, 0, 22, 9];
    const small = new Uint16Array(7 * N);
    pick.forEach((r, i) => small.set(src.subarray(r * N, r * N + N), i * N));
    const c = new Uint16Array(7 * N);
    await three.run(job(7, pick.map((r) => ids[r] as number), small, c));
    pick.forEach((r, i) => assert.deepEqual(c.subarray(i * N, i * N + N), a.subarray(r * N, r * N + N), `row ${r}`));
  } finally {
    await one.close();
    await three.close();
  }
});

test("identity is a copy / exact fp16 -> fp32 conversion through the pool", async () => {
  const a = await createAugmenter({ device: "cpu", workers: 2 });
  try {
    assert.equal(a.executor, "cpu");
    assert.equal(a.backend, "wasm-simd");
    const src = grid(5, S, (b, y, x, c) => b - y * 0.5 + x + c / 64);
    const out16 = new Uint16Array(src.length);
    await a.run(job(5, [0, 1, 2, 3, 4], src, out16, "none"));
    assert.deepEqual(out16, src);
    const out32 = new Float32Array(new SharedArrayBuffer(src.length * 4));
    await a.run(job(5, [0, 1, 2, 3, 4], src, out32, "none"));
    const { fromFloat16 } = await import("../../src/contract/float16.js");
    assert.deepEqual([...out32], [...src].map(fromFloat16));
  } finally {
    await a.close();
  }
});

test("an aborted job rejects with AbortError; a closed augmenter rejects new jobs", async () => {
  const a = createCpuAugmenter({ workers: 1 });
  const src = grid(64, S, (b) => b);
  const ctl = new AbortController();
  const p = a.run({ ...job(64, Array.from({ length: 64 }, (_, i) => i), src, new Uint16Array(src.length)), signal: ctl.signal });
  ctl.abort();
  await assert.rejects(p, (e: Error) => e.name === "AbortError");
  const pre = new AbortController();
  pre.abort();
  await assert.rejects(a.run({ ...job(1, [0], src.subarray(0, N), new Uint16Array(N)), signal: pre.signal }), { name: "AbortError" });
  await a.close();
  await assert.rejects(a.run(job(1, [0], src.subarray(0, N), new Uint16Array(N))), /closed/);
});

test("jobs with wrong sizes are rejected before any work", async () => {
  const a = createCpuAugmenter({ workers: 0 });
  await assert.rejects(a.run(job(2, [0, 1], new Uint16Array(N), new Uint16Array(2 * N))), /tokens has 1152 values, expected 2304/);
  await a.close();
});

test("the fair queue serves streams round-robin", () => {
  const q = createFairQueue<string>();
  for (let i = 0; i < 4; i++) q.push("a", `a${i}`);
  q.push("b", "b0");
  q.push("b", "b1");
  q.push("c", "c0");
  const order: string[] = [];
  for (let x = q.shift(); x !== undefined; x = q.shift()) order.push(x);
  assert.deepEqual(order, ["a0", "b0", "c0", "a1", "b1", "a2", "a3"]);
  q.push("a", "x");
  q.push("b", "y");
  assert.equal(q.remove((v) => v === "x"), 1);
  assert.equal(q.shift(), "y");
  assert.equal(q.size, 0);
});

test('"auto" is the CPU kernel pool; device "gpu" without a GPU fails with a clear message', async () => {
  const auto = await createAugmenter({ device: "auto", workers: 0 });
  assert.equal(auto.executor, "cpu");
  await auto.close();
  const gpu = await createAugmenter({ device: "gpu" }).then(
    async (a) => {
      // Only on a machine with real GPU hardware.
      const name = `${a.executor}/${a.backend}`;
      await a.close();
      return name;
    },
    (err: unknown) => err as Error,
  );
  if (gpu instanceof Error) assert.match(gpu.message, /device "gpu" requested but no GPU backend is usable/);
  else assert.match(gpu, /^tfjs\//);
});
