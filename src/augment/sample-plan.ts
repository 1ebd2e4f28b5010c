// The per-sample parameters of a policy, in a reusable structure (no allocation per sample).
// Spatial ops compose into one crop box; pointwise ops become an ordered list of steps.
import type { GridShape } from "./types.js";

/** One pointwise step of a sample, in policy order. `active` false means it does nothing. */
export type PointwiseStep =
  | { kind: "affine"; active: boolean; contrast: number; brightness: number; applyToCls: boolean }
  | { kind: "dropout"; active: boolean; dropped: Uint8Array }
  | { kind: "noise"; active: boolean; sigma: number; applyToCls: boolean; offsets: Uint32Array };

/**
 * Everything the kernels need for one sample. `box` is the composed crop box in
 * tf.image.cropAndResize convention [y1, x1, y2, x2] (normalised; y2 < y1 means flipped;
 * values outside [0, 1] read the border).
 */
export interface SamplePlan {
  readonly box: Float64Array;
  readonly steps: PointwiseStep[];
}

/** The identity box. */
export const IDENTITY_BOX: readonly number[] = [0, 0, 1, 1];

/** Resets the box to the identity before a sample's spatial ops are composed into it. */
export function resetBox(plan: SamplePlan): void {
  plan.box[0] = 0;
  plan.box[1] = 0;
  plan.box[2] = 1;
  plan.box[3] = 1;
}

/**
 * Composes a spatial op, given as a box in the op's input, after the ops already in the plan:
 * output coordinate u of the op maps to lo + (hi - lo) * u of its input, so the plan's box
 * becomes box ∘ op on each axis.
 */
export function composeBox(plan: SamplePlan, y1: number, x1: number, y2: number, x2: number): void {
  const b = plan.box;
  const dy = (b[2] as number) - (b[0] as number);
  const dx = (b[3] as number) - (b[1] as number);
  const ny1 = (b[0] as number) + dy * y1;
  const ny2 = (b[0] as number) + dy * y2;
  const nx1 = (b[1] as number) + dx * x1;
  const nx2 = (b[1] as number) + dx * x2;
  b[0] = ny1;
  b[1] = nx1;
  b[2] = ny2;
  b[3] = nx2;
}

/** True when the plan's box leaves the grid untouched. */
export function isIdentityBox(box: Float64Array): boolean {
  return box[0] === 0 && box[1] === 0 && box[2] === 1 && box[3] === 1;
}

/** Number of tokens of a grid. */
export function tokenCount(shape: GridShape): number {
  return shape.height * shape.width;
}
