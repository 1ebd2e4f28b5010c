// Vertical flip: mirror the height axis (right only for orientation-free domains).
import { uniform } from "../rng.js";
import { composeBox } from "../sample-plan.js";
import type { OpDef } from "./op-def.js";
import { probabilityField } from "./params.js";

/** Vertical flip. Words: 0 decides (u < p). */
export const verticalFlip: OpDef<"verticalFlip"> = {
  name: "verticalFlip",
  role: "spatial",
  fields: ["p"],
  resolve: (v, at) => ({ p: probabilityField(v.p, 0.5, at, "verticalFlip") }),
  isNoop: (v) => v.p === 0,
  wordCount: () => 1,
  sample(v, words, _shape, plan) {
    if (uniform(words[0] as number) < v.p) composeBox(plan, 1, 0, 0, 1);
  },
};
