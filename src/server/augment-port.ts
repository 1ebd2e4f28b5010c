// What the server needs from the augmentation engine (src/augment), as an injected dependency:
// the server validates policies and runs jobs through it; `loff serve` wires the real engine.
import type { AugmentationPolicy } from "../gen/loff/v1/augmentation.js";
import type { AugmentJob } from "../augment/job.js";
import type { GridShape, ResolvedPolicy } from "../augment/types.js";

/** One batch of augmentation work: exactly the augmentation engine's job. */
export type StreamAugmentJob = AugmentJob;

/** The augmentation engine as the server uses it. */
export interface AugmentEngine {
  /** Validates a policy (or preset name) against a grid; throws PolicyError when it does not fit. */
  resolvePolicy(policy: AugmentationPolicy | string | undefined, shape: GridShape): ResolvedPolicy;
  /** Presets by name, reported by GetDatasetInfo. */
  presets: ReadonlyMap<string, AugmentationPolicy>;
  /** Where jobs run ("cpu", "webgpu", ...), a label for logs and metrics. */
  readonly device: string;
  /** Applies a policy to a batch, writing the outputs in place. */
  run(job: StreamAugmentJob): Promise<void>;
  /** Stops the engine's workers. */
  close(): Promise<void>;
}
