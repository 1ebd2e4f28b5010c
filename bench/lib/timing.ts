// Timing helpers shared by the augmentation benchmarks (bench/augment.ts, bench/gpu-check.ts).

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
