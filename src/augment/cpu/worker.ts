// A pool worker: runs row ranges of jobs in place on shared buffers and reports completion.
import { parentPort, workerData } from "node:worker_threads";
import { createBatchExecutor, type KernelChoice, type RowsTask } from "./batch-executor.js";

/** Message from the pool to a worker. */
export interface WorkerRequest {
  id: number;
  task: RowsTask;
}

/** Message from a worker to the pool. */
export interface WorkerReply {
  id: number;
  kernel: string;
  error?: string;
}

const port = parentPort;
if (port !== null) {
  const executor = createBatchExecutor((workerData as { kernel?: KernelChoice } | null)?.kernel ?? "auto");
  port.on("message", (msg: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      executor.runRows(msg.task);
      reply = { id: msg.id, kernel: executor.lastKernel };
    } catch (e) {
      reply = { id: msg.id, kernel: executor.lastKernel, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}
