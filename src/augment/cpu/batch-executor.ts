// Runs rows of a job on this thread: a planner and a sample runner per (policy, shape), kept in
// a small cache so a worker serving several streams does not rebuild them per batch.
import { createPlanner, type Planner } from "../planner.js";
import type { GridShape, ResolvedPolicy } from "../types.js";
import { createJsRowKernel } from "./row-kernel-js.js";
import { createWasmRowKernel, wasmKernelSupported } from "./row-kernel-wasm.js";
import { createSampleRunner, type SampleRunner } from "./sample-runner.js";

/** Which row kernel runs: "auto" picks WebAssembly SIMD when the channel count allows it. */
export type KernelChoice = "auto" | "wasm" | "js";

/** The data of a range of rows, as plain typed arrays (what a worker receives). */
export interface RowsTask {
  policy: ResolvedPolicy;
  seed: number;
  epoch: number;
  ids: ArrayLike<number>;
  tokens: Uint16Array;
  cls: Uint16Array | undefined;
  channelMean: Float32Array;
  channelStd: Float32Array;
  outTokens: Uint16Array | Float32Array;
  outCls: Uint16Array | Float32Array | undefined;
  /** Rows [start, end) of the batch. */
  start: number;
  end: number;
}

/** Executes row ranges on the calling thread. */
export interface BatchExecutor {
  runRows(task: RowsTask): void;
  /** Which kernel ran last ("wasm" or "js"). */
  readonly lastKernel: string;
}

interface Entry {
  planner: Planner;
  runner: SampleRunner;
}

const CACHE_SIZE = 4;

function policyKey(policy: ResolvedPolicy): string {
  return JSON.stringify([policy.policy.ops, policy.shape]);
}

/** Creates an executor; `kernel` forces a row kernel (tests compare them). */
export function createBatchExecutor(kernel: KernelChoice = "auto"): BatchExecutor {
  const cache = new Map<string, Entry>();
  const useWasm = kernel !== "js" && wasmKernelSupported();
  if (kernel === "wasm" && !useWasm) throw new Error("WebAssembly SIMD is not available in this runtime");
  let lastKernel = "none";

  function entryFor(policy: ResolvedPolicy): Entry {
    const key = policyKey(policy);
    let e = cache.get(key);
    if (e !== undefined) {
      cache.delete(key);
      cache.set(key, e);
      return e;
    }
    const shape: GridShape = policy.shape;
    const planner = createPlanner(policy);
    const wasm = useWasm && shape.channels % 4 === 0;
    if (kernel === "wasm" && !wasm) throw new Error(`the WebAssembly kernel needs channels % 4 == 0, got ${shape.channels}`);
    const rows = wasm ? createWasmRowKernel() : createJsRowKernel();
    e = { planner, runner: createSampleRunner(rows, shape, planner.plan.steps.length) };
    cache.set(key, e);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return e;
  }

  return {
    get lastKernel() {
      return lastKernel;
    },
    runRows(task) {
      const { planner, runner } = entryFor(task.policy);
      lastKernel = runner.kernel.name;
      runner.setStats(task.channelMean, task.channelStd);
      for (let r = task.start; r < task.end; r++) {
        const plan = planner.planSample(task.seed, task.epoch, task.ids[r] as number);
        runner.run(plan, task.tokens, task.cls, task.outTokens, task.outCls, r);
      }
    },
  };
}
