// Horizontal flip: mirror the width axis. As a crop box it is the reversed x range.
import { uniform } from "../rng.js";
import { composeBox } from "../sample-plan.js";
import type { OpDef } from "./op-def.js";
import { probabilityField } from "./params.js";

/** Horizontal flip. Words: 0 decides (u < p). */
export const horizontalFlip: OpDef<"horizontalFlip"> = {
  name: "horizontalFlip",
  role: "spatial",
  fields: ["p"],
  resolve: (v, at) => ({ p: probabilityField(v.p, 0.5, at, "horizontalFlip") }),
  isNoop: (v) => v.p === 0,
  wordCount: () => 1,
  sample(v, words, _shape, plan) {
    if (uniform(words[0] as number) < v.p) composeBox(plan, 0, 1, 1, 0);
  },
};
