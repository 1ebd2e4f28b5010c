// Extraction on worker threads: each worker decodes a batch of images and runs its own
// single-threaded session on it; batches go to whichever worker is free. Workers return finished
// features (pooled k x k, fp16), so the main thread only writes. Batches in parallel scale with
// cores far better than one session's intra-op threads (docs/performance.md).
import { Worker } from "node:worker_threads";
import type { LoadFeatureModelOptions } from "./feature-model.js";

/** Features of one batch as the cache stores them. */
export interface Fp16Features {
  /** [n, H/k, W/k, C] fp16 bits. */
  tokens: Uint16Array;
  /** [n, C] fp16 bits. */
  cls: Uint16Array;
  /** [n, 2, C]: per record, the sum and the sum of squares of each channel over its tokens. */
  sums: Float64Array;
}

/** A finished batch: features of the images that decoded, in order, and the ones that did not. */
export interface WorkerBatch extends Fp16Features {
  /** The scratch buffer passed in, handed back for the next batch. */
  pixels: Float32Array;
  /** Index (into the paths) and reason of every image that failed to decode. */
  failed: Array<{ index: number; reason: string }>;
}

/** Runs a feature model on worker threads. */
export interface ModelWorkerPool {
  readonly workers: number;
  /**
   * Decodes `paths` and runs the model on them, using `pixels` (room for paths.length images, a whole
   * ArrayBuffer of its own) as the input buffer. The buffer moves to the worker while it runs and comes
   * back in the result, so a caller reuses it without copies; the array passed in is detached meanwhile.
   */
  run(paths: readonly string[], pixels: Float32Array): Promise<WorkerBatch>;
  /** Like run, for `n` images already decoded into `pixels` (inference and finishing only). */
  runDecoded(n: number, pixels: Float32Array): Promise<WorkerBatch>;
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
  type Reply = { pixels: ArrayBuffer } & ((Fp16Features & { failed: WorkerBatch["failed"] }) | { error: string });
  const send = async (batch: { paths: readonly string[] } | { n: number }, pixels: Float32Array): Promise<WorkerBatch> => {
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
          else resolve({ tokens: m.tokens, cls: m.cls, sums: m.sums, failed: m.failed, pixels: new Float32Array(m.pixels, 0, length) });
        });
        w.postMessage({ ...batch, pixels: pixels.buffer }, [pixels.buffer as ArrayBuffer]);
      });
    } finally {
      release(w);
    }
  };
  return {
    workers,
    run: (paths, pixels) => send({ paths }, pixels),
    runDecoded: (n, pixels) => send({ n }, pixels),
    async close() {
      await Promise.all(all.map((w) => new Promise<void>((resolve) => {
        w.once("exit", () => resolve());
        w.postMessage("close");
      })));
    },
  };
}
