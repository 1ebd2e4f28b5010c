// The CPU executor: the fused kernel on a worker pool (or on the calling thread with 0 workers).
import type { Augmenter } from "../augmenter.js";
import { abortError, isAborted, validateJob, type AugmentJob } from "../job.js";
import { createBatchExecutor, type KernelChoice, type RowsTask } from "./batch-executor.js";
import { wasmKernelSupported } from "./row-kernel-wasm.js";
import { createStagingPool, isShared, type StagingPool } from "./staging.js";
import { createWorkerPool } from "./worker-pool.js";

/** Options of the CPU executor. */
export interface CpuAugmenterOptions {
  /** Worker threads; 0 runs on the calling thread. */
  workers: number;
  /** Forces a row kernel (tests); default picks WebAssembly SIMD when possible. */
  kernel?: KernelChoice;
}

type Typed = Uint16Array | Float32Array;

function stage<T extends Typed>(a: T, pool: StagingPool, held: SharedArrayBuffer[], copyIn: boolean): T {
  if (isShared(a)) return a;
  const buf = pool.acquire(a.byteLength);
  held.push(buf);
  const view = (a instanceof Uint16Array ? new Uint16Array(buf, 0, a.length) : new Float32Array(buf, 0, a.length)) as T;
  if (copyIn) view.set(a);
  return view;
}

/** Creates the CPU executor. */
export function createCpuAugmenter(opts: CpuAugmenterOptions): Augmenter {
  const kernel = opts.kernel ?? "auto";
  const backend = kernel === "js" || !wasmKernelSupported() ? "js" : "wasm-simd";
  const pool = opts.workers > 0 ? createWorkerPool(opts.workers, kernel) : undefined;
  const inline = opts.workers > 0 ? undefined : createBatchExecutor(kernel);
  const staging = createStagingPool();
  let closed = false;

  async function run(job: AugmentJob): Promise<void> {
    if (closed) throw new Error("augmenter is closed");
    if (isAborted(job.signal)) throw abortError(job.signal);
    const B = validateJob(job);
    if (job.policy.identity && job.outTokens instanceof Uint16Array) {
      job.outTokens.set(job.tokens);
      if (job.cls !== undefined && job.outCls instanceof Uint16Array) job.outCls.set(job.cls);
      if (job.cls === undefined || job.outCls instanceof Uint16Array) return;
    }
    const base = {
      policy: job.policy,
      seed: job.seed,
      epoch: job.epoch,
      ids: Array.from(job.ids),
      channelMean: job.channelMean,
      channelStd: job.channelStd,
      start: 0,
      end: B,
    };
    if (inline !== undefined) {
      inline.runRows({ ...base, tokens: job.tokens, cls: job.cls, outTokens: job.outTokens, outCls: job.outCls });
      return;
    }
    const held: SharedArrayBuffer[] = [];
    try {
      const task: RowsTask = {
        ...base,
        tokens: stage(job.tokens, staging, held, true),
        cls: job.cls === undefined ? undefined : stage(job.cls, staging, held, true),
        outTokens: stage(job.outTokens, staging, held, false),
        outCls: job.outCls === undefined ? undefined : stage(job.outCls, staging, held, false),
      };
      await (pool as NonNullable<typeof pool>).run(
        { task, streamKey: job.streamKey ?? "", ...(job.signal ? { signal: job.signal } : {}) },
        () => abortError(job.signal),
      );
      if (task.outTokens !== job.outTokens) job.outTokens.set(task.outTokens);
      if (job.outCls !== undefined && task.outCls !== undefined && task.outCls !== job.outCls) job.outCls.set(task.outCls);
    } finally {
      for (const b of held) staging.release(b);
    }
  }

  return {
    executor: "cpu",
    backend,
    workers: opts.workers,
    run,
    async close() {
      closed = true;
      await pool?.close();
    },
  };
}
