// Per-channel pointwise brightness/contrast: x' = mean_c + c (x - mean_c) + b std_c.
import { uniform } from "../rng.js";
import type { PointwiseStep } from "../sample-plan.js";
import type { OpDef } from "./op-def.js";
import { boolField, floatField, probabilityField } from "./params.js";

/** Allocates an (inactive) affine step; shared with TrivialAugment. */
export function createAffineStep(): PointwiseStep {
  return { kind: "affine", active: false, contrast: 1, brightness: 0, applyToCls: false };
}

/** Brightness/contrast. Words: 0 decides (u < p); 1 contrast c = 1 + contrast (2u - 1); 2 brightness b = brightness (2u - 1). */
export const brightnessContrast: OpDef<"brightnessContrast"> = {
  name: "brightnessContrast",
  role: "pointwise",
  fields: ["p", "brightness", "contrast", "applyToCls"],
  resolve: (v, at) => ({
    p: probabilityField(v.p, 1, at, "brightnessContrast"),
    brightness: floatField(v.brightness, 0.1, at, "brightnessContrast", "brightness", 0, 100),
    contrast: floatField(v.contrast, 0.1, at, "brightnessContrast", "contrast", 0, 1),
    applyToCls: boolField(v.applyToCls, false, at, "brightnessContrast", "applyToCls"),
  }),
  isNoop: (v) => v.p === 0 || (v.brightness === 0 && v.contrast === 0),
  wordCount: () => 3,
  createStep: createAffineStep,
  sample(v, words, _shape, _plan, step) {
    if (step?.kind !== "affine") throw new Error("brightnessContrast needs its affine step");
    step.active = uniform(words[0] as number) < v.p;
    step.contrast = 1 + v.contrast * (2 * uniform(words[1] as number) - 1);
    step.brightness = v.brightness * (2 * uniform(words[2] as number) - 1);
    step.applyToCls = v.applyToCls;
  },
};
