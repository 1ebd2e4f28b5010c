// Inference on worker threads: one single-threaded session per worker, batches go to whichever
// worker is free. Used by extraction so that inference never blocks the main thread. Workers return
// finished features: pooled k x k and encoded as fp16.
import { Worker } from "node:worker_threads";
import type { LoadFeatureModelOptions } from "./feature-model.js";

/** Features of one batch as the cache stores them. */
export interface Fp16Features {
  /** [n, H/k, W/k, C] fp16 bits. */
  tokens: Uint16Array;
  /** [n, C] fp16 bits. */
  cls: Uint16Array;
}

/** Runs a feature model on worker threads. */
export interface ModelWorkerPool {
  readonly workers: number;
  /**
   * Runs `n` images whose normalised pixels are at the start of `pixels`. The buffer is moved to the
   * worker while it runs and handed back in the result (`pixels`, the same memory), so a caller can
   * reuse it without copies; the array passed in is detached meanwhile.
   */
  run(pixels: Float32Array, n: number): Promise<Fp16Features & { pixels: Float32Array }>;
  close(): Promise<void>;
}

const ENTRY = new URL("./model-worker-entry.mjs", import.meta.url);

/** Starts `workers` workers, each loading the model with one intra-op thread and pooling k x k. */
export async function createModelWorkerPool(
  opts: Omit<LoadFeatureModelOptions, "intraOpThreads"> & { pool: number },
  workers: number,
): Promise<ModelWorkerPool> {
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
  type Reply = { pixels: ArrayBuffer } & (Fp16Features | { error: string });
  return {
    workers,
    async run(pixels, n) {
      if (pixels.byteOffset !== 0 || pixels.buffer instanceof SharedArrayBuffer) throw new RangeError("pixels must start an ArrayBuffer of their own");
      const length = pixels.length;
      const w = await acquire();
      try {
        return await new Promise((resolve, reject) => {
          const onError = (err: Error): void => reject(err);
          w.once("error", onError);
          w.once("message", (m: Reply) => {
            w.off("error", onError);
            if ("error" in m) reject(new Error(m.error));
            else resolve({ tokens: m.tokens, cls: m.cls, pixels: new Float32Array(m.pixels, 0, length) });
          });
          w.postMessage({ pixels: pixels.buffer, n }, [pixels.buffer as ArrayBuffer]);
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
