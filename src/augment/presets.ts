// Named presets, expanded with every default written out (GetDatasetInfo reports the expansion).
import type { AugmentationPolicy } from "../gen/loff/v1/augmentation.js";

const f32 = Math.fround;

/** The paper-like default: horizontal flip, random resized crop on the grid, 0.1 std noise on tokens and CLS. */
const LOFF_TA: AugmentationPolicy = {
  preset: "loff-ta",
  ops: [
    { op: { $case: "horizontalFlip", value: { p: 0.5 } } },
    {
      op: {
        $case: "randomResizedCrop",
        value: { p: 1, scaleMin: 0.5, scaleMax: 1, logRatioMin: f32(Math.log(3 / 4)), logRatioMax: f32(Math.log(4 / 3)) },
      },
    },
    { op: { $case: "gaussianNoise", value: { p: 1, sigma: f32(0.1), applyToCls: true } } },
  ],
};

/** TrivialAugment on tensors followed by the same noise as loff-ta. */
const LOFF_TA_TRIVIAL: AugmentationPolicy = {
  preset: "loff-ta-trivial",
  ops: [
    { op: { $case: "trivialAugment", value: { numMagnitudeBins: 31 } } },
    { op: { $case: "gaussianNoise", value: { p: 1, sigma: f32(0.1), applyToCls: true } } },
  ],
};

/** Named presets ("none", "loff-ta", "loff-ta-trivial") with all fields filled. */
export const PRESETS: ReadonlyMap<string, AugmentationPolicy> = new Map([
  ["none", { preset: "none", ops: [] }],
  ["loff-ta", LOFF_TA],
  ["loff-ta-trivial", LOFF_TA_TRIVIAL],
]);
