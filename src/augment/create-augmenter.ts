// Executor selection: a GPU backend only on real GPU hardware (or when a tfjs backend is named
// explicitly), otherwise the fused CPU kernel on a worker pool sized to the machine.
import { availableParallelism } from "node:os";
import type { Augmenter } from "./augmenter.js";
import { createCpuAugmenter } from "./cpu/cpu-augmenter.js";
import { findGpuBackend, loadTfjsBackend } from "./tfjs/load-backend.js";
import { createTfjsAugmenter } from "./tfjs/tfjs-augmenter.js";

/** Options of createAugmenter. */
export interface AugmenterOptions {
  /** "auto" (default): a GPU backend when hardware is found, else CPU; "gpu": fail without a GPU; "cpu": CPU kernel. */
  device?: "auto" | "cpu" | "gpu";
  /** CPU worker threads (default: os.availableParallelism()); 0 runs on the calling thread. */
  workers?: number;
  /** Forces the tfjs executor on this backend ("cpu", "wasm", "webgpu", "tensorflow"), even a software one (tests, parity). */
  tfjsBackend?: string;
}

/** Creates the augmenter for the requested device. */
export async function createAugmenter(opts: AugmenterOptions = {}): Promise<Augmenter> {
  const device = opts.device ?? "auto";
  if (opts.tfjsBackend !== undefined) {
    if (device === "cpu") throw new Error('tfjsBackend selects the tfjs executor; it cannot be combined with device "cpu"');
    return createTfjsAugmenter(await loadTfjsBackend(opts.tfjsBackend));
  }
  if (device !== "cpu") {
    const found = await findGpuBackend();
    if (found.backend !== undefined) return createTfjsAugmenter(found.backend);
    if (device === "gpu") {
      throw new Error(`device "gpu" requested but no GPU backend is usable: ${found.reasons.join("; ")}`);
    }
  }
  const workers = opts.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 0) throw new RangeError(`workers must be a non-negative integer, got ${workers}`);
  return createCpuAugmenter({ workers });
}
