// Inference on worker threads: one single-threaded session per worker, batches go to whichever
// worker is free. Used by extraction so that inference never blocks the main thread.
import { Worker } from "node:worker_threads";
import type { LoadFeatureModelOptions } from "./feature-model.js";

/** Runs a feature model on worker threads. */
export interface ModelWorkerPool {
  readonly workers: number;
  /** Runs `n` images whose normalised pixels are at the start of `pixels` (a SharedArrayBuffer view). */
  run(pixels: Float32Array, n: number): Promise<{ tokens: Float32Array; cls: Float32Array }>;
  close(): Promise<void>;
}

const ENTRY = new URL("./model-worker-entry.mjs", import.meta.url);

/** Starts `workers` workers, each loading the model with one intra-op thread. */
export async function createModelWorkerPool(opts: Omit<LoadFeatureModelOptions, "intraOpThreads">, workers: number): Promise<ModelWorkerPool> {
  const started = await Promise.allSettled(
    Array.from(
      { length: workers },
      () =>
        new Promise<Worker>((resolve, reject) => {
          const w = new Worker(ENTRY, { workerData: { ...opts, intraOpThreads: 1 } });
          w.once("message", () => resolve(w));
          w.once("error", reject);
        }),
    ),
  );
  const all = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failure = started.find((s) => s.status === "rejected");
  if (failure !== undefined) {
    await Promise.all(all.map((w) => w.terminate()));
    throw (failure as PromiseRejectedResult).reason;
  }
  const idle = [...all];
  const waiting: Array<(w: Worker) => void> = [];
  const acquire = (): Promise<Worker> => {
    const w = idle.pop();
    return w !== undefined ? Promise.resolve(w) : new Promise((resolve) => waiting.push(resolve));
  };
  const release = (w: Worker): void => {
    const next = waiting.shift();
    if (next !== undefined) next(w);
    else idle.push(w);
  };
  return {
    workers,
    async run(pixels, n) {
      if (!(pixels.buffer instanceof SharedArrayBuffer) || pixels.byteOffset !== 0) throw new RangeError("pixels must start a SharedArrayBuffer");
      const w = await acquire();
      try {
        return await new Promise((resolve, reject) => {
          const onError = (err: Error): void => reject(err);
          w.once("error", onError);
          w.once("message", (m: { tokens: Float32Array; cls: Float32Array } | { error: string }) => {
            w.off("error", onError);
            if ("error" in m) reject(new Error(m.error));
            else resolve(m);
          });
          w.postMessage({ pixels: pixels.buffer, n });
        });
      } finally {
        release(w);
      }
    },
    async close() {
      await Promise.all(all.map((w) => new Promise<void>((resolve) => {
        w.once("exit", () => resolve());
        w.postMessage("close");
      })));
    },
  };
}
