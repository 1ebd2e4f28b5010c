// Translation by whole tokens, border-replicated. As a crop box it is the grid shifted by d/(n-1).
import { uniform } from "../rng.js";
import { composeBox } from "../sample-plan.js";
import type { OpDef } from "./op-def.js";
import { floatField, probabilityField } from "./params.js";

/** Box coordinates [lo, hi] of a shift by d tokens on an axis of n tokens (content moves +d). */
export function shiftRange(d: number, n: number): [number, number] {
  if (n <= 1 || d === 0) return [0, 1];
  const lo = -d / (n - 1);
  return [lo, lo + 1];
}

/** A shift in [-m, m] from a uniform, m = floor(maxFraction * n): floor(u (2m + 1)) - m. */
export function drawShift(u: number, maxFraction: number, n: number): number {
  const m = Math.floor(maxFraction * n);
  return Math.floor(u * (2 * m + 1)) - m;
}

/** Translate. Words: 0 decides (u < p); 1 the x shift; 2 the y shift. */
export const translate: OpDef<"translate"> = {
  name: "translate",
  role: "spatial",
  fields: ["p", "maxFraction"],
  resolve: (v, at) => ({
    p: probabilityField(v.p, 1, at, "translate"),
    maxFraction: floatField(v.maxFraction, 0.125, at, "translate", "maxFraction", 0, 1),
  }),
  isNoop: (v) => v.p === 0 || v.maxFraction === 0,
  wordCount: () => 3,
  sample(v, words, shape, plan) {
    if (!(uniform(words[0] as number) < v.p)) return;
    const [xlo, xhi] = shiftRange(drawShift(uniform(words[1] as number), v.maxFraction, shape.width), shape.width);
    const [ylo, yhi] = shiftRange(drawShift(uniform(words[2] as number), v.maxFraction, shape.height), shape.height);
    composeBox(plan, ylo, xlo, yhi, xhi);
  },
};
