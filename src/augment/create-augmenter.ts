// Executor selection: the fused CPU kernel on a worker pool sized to the machine unless a GPU is
// asked for. "auto" means the CPU pool because it was measured faster: on an H200 host (16 cores) the
// pool augmented 14x14x576 fp16 batches at 14,186 samples/s and the tfjs WebGPU executor at 1,003
// (GPU busy under 5%: the batch lives in host memory and crosses to the device and back as fp32),
// see docs/performance.md. "gpu" picks a hardware tfjs backend (tfjs-node-gpu, or WebGPU on a
// hardware adapter) or fails with the reasons.
import { availableParallelism } from "node:os";
import type { Augmenter } from "./augmenter.js";
import { createCpuAugmenter } from "./cpu/cpu-augmenter.js";
import { findGpuBackend, loadTfjsBackend } from "./tfjs/load-backend.js";
import { createTfjsAugmenter } from "./tfjs/tfjs-augmenter.js";

/** Options of createAugmenter. */
export interface AugmenterOptions {
  /** "auto" (default) and "cpu": the CPU kernel pool (the faster one where measured); "gpu": a hardware tfjs backend, or an error. */
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
  if (device === "gpu") {
    const found = await findGpuBackend();
    if (found.backend !== undefined) return createTfjsAugmenter(found.backend);
    throw new Error(`device "gpu" requested but no GPU backend is usable: ${found.reasons.join("; ")}`);
  }
  const workers = opts.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 0) throw new RangeError(`workers must be a non-negative integer, got ${workers}`);
  return createCpuAugmenter({ workers });
}
