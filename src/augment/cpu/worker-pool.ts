// A worker_threads pool running jobs split by rows. Workers write straight into shared output
// buffers; jobs from different streams are served round-robin; a closed pool leaves no threads.
import { Worker } from "node:worker_threads";
import type { RowsTask } from "./batch-executor.js";
import { createFairQueue } from "./fair-queue.js";
import type { WorkerReply, WorkerRequest } from "./worker.js";

/** One job as the pool sees it: a task over all rows, cut into chunks. */
export interface PoolJob {
  task: RowsTask;
  streamKey: string;
  signal?: AbortSignal;
}

/** Runs row tasks on worker threads. */
export interface WorkerPool {
  readonly size: number;
  /** Kernel the workers reported last ("wasm" or "js"; "unknown" before the first job). */
  readonly kernel: string;
  run(job: PoolJob, onAbort: () => Error): Promise<void>;
  close(): Promise<void>;
}

interface JobState {
  remaining: number;
  inflight: number;
  failed: Error | undefined;
  resolve: () => void;
  reject: (e: Error) => void;
}

interface Chunk {
  state: JobState;
  task: RowsTask;
}

/** Starts `size` workers. `kernel` forces the row kernel in every worker (tests). */
export function createWorkerPool(size: number, kernel: "auto" | "wasm" | "js" = "auto"): WorkerPool {
  const entry = new URL("./worker-entry.mjs", import.meta.url);
  const queue = createFairQueue<Chunk>();
  const idle: Worker[] = [];
  const busy = new Map<Worker, Chunk>();
  let nextId = 1;
  let lastKernel = "unknown";
  let closed = false;

  function finishChunk(chunk: Chunk, error?: Error): void {
    const s = chunk.state;
    s.inflight--;
    if (error !== undefined && s.failed === undefined) {
      s.failed = error;
      queue.remove((c) => c.state === s);
    } else if (s.failed === undefined) s.remaining--;
    settle(s);
  }

  function settle(s: JobState): void {
    if (s.inflight > 0) return;
    if (s.failed !== undefined) s.reject(s.failed);
    else if (s.remaining === 0) s.resolve();
  }

  function spawn(): void {
    const w = new Worker(entry, { workerData: { kernel } });
    w.on("message", (reply: WorkerReply) => {
      const chunk = busy.get(w);
      busy.delete(w);
      lastKernel = reply.kernel;
      idle.push(w);
      if (chunk !== undefined) finishChunk(chunk, reply.error === undefined ? undefined : new Error(reply.error));
      pump();
    });
    w.on("error", (e: Error) => {
      const chunk = busy.get(w);
      busy.delete(w);
      if (chunk !== undefined) finishChunk(chunk, e);
    });
    w.on("exit", () => {
      const chunk = busy.get(w);
      busy.delete(w);
      const i = idle.indexOf(w);
      if (i >= 0) idle.splice(i, 1);
      if (chunk !== undefined) finishChunk(chunk, new Error("augmentation worker exited"));
      if (!closed) {
        spawn();
        pump();
      }
    });
    idle.push(w);
  }

  function pump(): void {
    while (idle.length > 0 && queue.size > 0) {
      const chunk = queue.shift() as Chunk;
      const w = idle.pop() as Worker;
      busy.set(w, chunk);
      chunk.state.inflight++;
      const msg: WorkerRequest = { id: nextId++, task: chunk.task };
      w.postMessage(msg);
    }
  }

  for (let i = 0; i < size; i++) spawn();

  return {
    size,
    get kernel() {
      return lastKernel;
    },
    run(job, onAbort) {
      if (closed) return Promise.reject(new Error("augmenter is closed"));
      const { task } = job;
      const rows = task.end - task.start;
      const chunks = Math.max(1, Math.min(size, rows));
      const per = Math.ceil(rows / chunks);
      return new Promise<void>((resolve, reject) => {
        const state: JobState = { remaining: 0, inflight: 0, failed: undefined, resolve, reject };
        for (let s = task.start; s < task.end; s += per) {
          state.remaining++;
          queue.push(job.streamKey, { state, task: { ...task, start: s, end: Math.min(task.end, s + per) } });
        }
        if (job.signal !== undefined) {
          const abort = (): void => {
            if (state.failed !== undefined || (state.remaining === 0 && state.inflight === 0)) return;
            state.failed = onAbort();
            queue.remove((c) => c.state === state);
            settle(state);
          };
          job.signal.addEventListener("abort", abort, { once: true });
          const done = (): void => job.signal?.removeEventListener("abort", abort);
          state.resolve = () => (done(), resolve());
          state.reject = (e) => (done(), reject(e));
        }
        settle(state);
        pump();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      const err = new Error("augmenter closed");
      const states = new Set<JobState>();
      queue.remove((c) => {
        if (c.state.failed === undefined) c.state.failed = err;
        states.add(c.state);
        return true;
      });
      for (const s of states) settle(s);
      const all = [...idle, ...busy.keys()];
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
