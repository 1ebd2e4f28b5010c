// What the augmentation benchmarks (bench/augment.ts, bench/gpu-check.ts) share: the timing loop,
// shared fp16 buffers and the benchmark job (loff-ta over a batch of `batch` samples).
import { resolvePolicy, type AugmentJob, type GridShape } from "../../src/augment/index.js";

/** Runs fn once to warm up, then repeatedly for at least `seconds` and `minCalls` calls; returns seconds per call. */
export async function timeIt(fn: () => Promise<unknown> | void, seconds: number, minCalls = 3): Promise<number> {
  await fn();
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000 || calls < minCalls) {
    await fn();
    calls++;
  }
  return (performance.now() - t0) / 1000 / calls;
}

/** An fp16 array over a SharedArrayBuffer (what the worker pool reads and writes without copies). */
export function sharedFp16(n: number): Uint16Array {
  return new Uint16Array(new SharedArrayBuffer(n * 2));
}

/** loff-ta on `batch` samples of `shape` (ids 0..batch-1, channel mean 0 and std 1), without an output buffer. */
export function loffTaBenchJob(shape: GridShape, batch: number, tokens: Uint16Array): Omit<AugmentJob, "outTokens"> {
  return {
    policy: resolvePolicy("loff-ta", shape),
    seed: 1,
    epoch: 0,
    ids: Array.from({ length: batch }, (_, i) => i),
    shape,
    tokens,
    channelMean: new Float32Array(shape.channels),
    channelStd: new Float32Array(shape.channels).fill(1),
  };
}
