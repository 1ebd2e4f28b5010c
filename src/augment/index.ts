// Public surface of the augmentation engine (user-facing first).
export { createAugmenter, type AugmenterOptions } from "./create-augmenter.js";
export type { Augmenter } from "./augmenter.js";
export type { AugmentJob } from "./job.js";
export type { GridShape, ResolvedPolicy } from "./types.js";
export { resolvePolicy } from "./policy.js";
export { PolicyError } from "./policy-error.js";
export { policyFromJson, policyToJson } from "./policy-json.js";
export { PRESETS } from "./presets.js";
export { createPlanner, type Planner } from "./planner.js";
export type { SamplePlan, PointwiseStep } from "./sample-plan.js";
export { philox4x32, fillWords, seedKey, uniform } from "./rng.js";
export { fillNoiseTable, NOISE_OFFSETS, NOISE_TABLE_KEY } from "./noise-table.js";
