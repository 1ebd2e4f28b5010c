// The executor-independent surface: what the feature server calls.
import type { AugmentJob } from "./job.js";

/** Applies resolved policies to batches; one instance serves many streams. */
export interface Augmenter {
  /** Which executor runs: the fused CPU kernel or tfjs ops. */
  readonly executor: "cpu" | "tfjs";
  /** The backend within the executor ("wasm-simd", "js", or a tfjs backend name), for metrics and logs. */
  readonly backend: string;
  /** Worker threads (CPU executor; 0 = the calling thread). */
  readonly workers: number;
  /** Augments one batch into the job's output arrays. The identity policy is a copy or fp16 -> fp32 conversion. */
  run(job: AugmentJob): Promise<void>;
  /** Stops the executor; pending jobs reject and no threads remain. */
  close(): Promise<void>;
}
