// Shapes and the resolved (validated, defaults-filled) form of a policy shared by both executors.
import type { AugmentationPolicy } from "../gen/loff/v1/augmentation.js";

/** The token grid of one sample: height x width tokens of `channels` values each. */
export interface GridShape {
  height: number;
  width: number;
  channels: number;
}

/**
 * A policy checked against a grid shape, every optional field filled with its default and every
 * float rounded to float32 (as the contract carries it). Plain data: it can be posted to workers.
 */
export interface ResolvedPolicy {
  /** Preset name when the policy came from one ("none", "loff-ta", ...), else "". */
  readonly preset: string;
  /** The expanded policy: ops with all fields present. */
  readonly policy: AugmentationPolicy;
  /** The grid shape the policy was validated against. */
  readonly shape: GridShape;
  /** True when no op can change a sample (no ops, or every op has probability 0). */
  readonly identity: boolean;
}
