// Token dropout: tokens replaced by the per-channel mean (the CLS vector is never dropped).
import { uniform } from "../rng.js";
import type { PointwiseStep } from "../sample-plan.js";
import { tokenCount } from "../sample-plan.js";
import type { OpDef } from "./op-def.js";
import { floatField, probabilityField } from "./params.js";

/** Token dropout. Words: 0 decides (u < p); 1 + t drops token t when u < rate. */
export const tokenDropout: OpDef<"tokenDropout"> = {
  name: "tokenDropout",
  role: "pointwise",
  fields: ["p", "rate"],
  resolve: (v, at) => ({
    p: probabilityField(v.p, 1, at, "tokenDropout"),
    rate: floatField(v.rate, 0.1, at, "tokenDropout", "rate", 0, Math.fround(0.999999)),
  }),
  isNoop: (v) => v.p === 0 || v.rate === 0,
  wordCount: (shape) => 1 + tokenCount(shape),
  createStep: (shape): PointwiseStep => ({ kind: "dropout", active: false, dropped: new Uint8Array(tokenCount(shape)) }),
  sample(v, words, shape, _plan, step) {
    if (step?.kind !== "dropout") throw new Error("tokenDropout needs its dropout step");
    step.active = uniform(words[0] as number) < v.p;
    if (!step.active) return;
    const n = tokenCount(shape);
    for (let t = 0; t < n; t++) step.dropped[t] = uniform(words[1 + t] as number) < v.rate ? 1 : 0;
  },
};
