// Tensor TrivialAugment (Müller & Hutter 2021, on token grids): per sample one op, uniformly
// chosen, at a uniformly chosen magnitude level. The strongest magnitudes are fixed constants
// (TRIVIAL_MAX), documented in docs/augmentation.md.
import { uniform } from "../rng.js";
import { composeBox } from "../sample-plan.js";
import type { OpDef } from "./op-def.js";
import { createAffineStep } from "./brightness-contrast.js";
import { intField } from "./params.js";
import { shiftRange } from "./translate.js";

/** The choices, in draw order (index = floor(u0 * 5)). */
export const TRIVIAL_CHOICES = ["identity", "horizontalFlip", "translate", "zoom", "brightnessContrast"] as const;

/** Magnitudes at level 1: shift fraction of the axis, area change of the zoom, b and c of brightness/contrast. */
export const TRIVIAL_MAX = { translate: 0.25, zoomArea: 0.5, brightness: 0.3, contrast: 0.3 } as const;

/**
 * TrivialAugment. Words: 0 the choice; 1 the level m = floor(u bins) / (bins - 1); 2 the sign
 * s (u < 0.5 -> -1, else +1); 3 an extra bit (translate: u < 0.5 -> x axis, else y; brightness
 * sign). translate: d = s floor(m 0.25 n + 0.5) tokens; zoom: centred square box of area
 * 1 + s 0.5 m; brightness/contrast: c = 1 + s 0.3 m, b = s3 0.3 m, tokens only.
 */
export const trivialAugment: OpDef<"trivialAugment"> = {
  name: "trivialAugment",
  role: "mixed",
  fields: ["numMagnitudeBins"],
  resolve: (v, at) => ({
    numMagnitudeBins: intField(v.numMagnitudeBins, 31, at, "trivialAugment", "numMagnitudeBins", 2, 1_000_000),
  }),
  isNoop: () => false,
  wordCount: () => 4,
  createStep: createAffineStep,
  sample(v, words, shape, plan, step) {
    if (step?.kind !== "affine") throw new Error("trivialAugment needs its affine step");
    step.active = false;
    const choice = TRIVIAL_CHOICES[Math.floor(uniform(words[0] as number) * TRIVIAL_CHOICES.length)];
    const bins = v.numMagnitudeBins;
    const level = Math.floor(uniform(words[1] as number) * bins) / (bins - 1);
    const sign = uniform(words[2] as number) < 0.5 ? -1 : 1;
    const extra = uniform(words[3] as number) < 0.5;
    switch (choice) {
      case "horizontalFlip":
        composeBox(plan, 0, 1, 1, 0);
        break;
      case "translate": {
        const n = extra ? shape.width : shape.height;
        const [lo, hi] = shiftRange(sign * Math.floor(level * TRIVIAL_MAX.translate * n + 0.5), n);
        if (extra) composeBox(plan, 0, lo, 1, hi);
        else composeBox(plan, lo, 0, hi, 1);
        break;
      }
      case "zoom": {
        const side = Math.sqrt(1 + sign * TRIVIAL_MAX.zoomArea * level);
        const lo = (1 - side) / 2;
        composeBox(plan, lo, lo, lo + side, lo + side);
        break;
      }
      case "brightnessContrast":
        step.active = true;
        step.contrast = 1 + sign * TRIVIAL_MAX.contrast * level;
        step.brightness = (extra ? -1 : 1) * TRIVIAL_MAX.brightness * level;
        step.applyToCls = false;
        break;
      default:
        break;
    }
  },
};
