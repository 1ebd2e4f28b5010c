// Additive Gaussian noise relative to the per-channel std: x + sigma * std_c * n, n from the
// shared N(0, 1) table (noise-table.ts) read at a random offset per token.
import { uniform } from "../rng.js";
import type { PointwiseStep } from "../sample-plan.js";
import { tokenCount } from "../sample-plan.js";
import type { OpDef } from "./op-def.js";
import { boolField, floatField, probabilityField } from "./params.js";

/** Table offsets come from the top 16 bits of a word: [0, 65536). */
export const NOISE_OFFSET_BITS = 16;

/**
 * Gaussian noise. Words: 0 decides (u < p); 1 + t is token t's table offset (word >>> 16);
 * 1 + H W is the CLS vector's offset.
 */
export const gaussianNoise: OpDef<"gaussianNoise"> = {
  name: "gaussianNoise",
  role: "pointwise",
  fields: ["p", "sigma", "applyToCls"],
  resolve: (v, at) => ({
    p: probabilityField(v.p, 1, at, "gaussianNoise"),
    sigma: floatField(v.sigma, 0.1, at, "gaussianNoise", "sigma", 0, 100),
    applyToCls: boolField(v.applyToCls, true, at, "gaussianNoise", "applyToCls"),
  }),
  isNoop: (v) => v.p === 0 || v.sigma === 0,
  wordCount: (shape) => 2 + tokenCount(shape),
  createStep: (shape): PointwiseStep => ({
    kind: "noise",
    active: false,
    sigma: 0,
    applyToCls: false,
    offsets: new Uint32Array(tokenCount(shape) + 1),
  }),
  sample(v, words, shape, _plan, step) {
    if (step?.kind !== "noise") throw new Error("gaussianNoise needs its noise step");
    step.active = v.sigma > 0 && uniform(words[0] as number) < v.p;
    step.sigma = v.sigma;
    step.applyToCls = v.applyToCls;
    if (!step.active) return;
    const n = tokenCount(shape) + 1;
    for (let t = 0; t < n; t++) step.offsets[t] = (words[1 + t] as number) >>> (32 - NOISE_OFFSET_BITS);
  },
};
