// Random resized crop on the token grid (torchvision's area/aspect sampling without retries; a
// box reaching past the grid reads the border, which is also how an area above 1 zooms out).
import { uniform } from "../rng.js";
import { composeBox } from "../sample-plan.js";
import { PolicyError } from "../policy-error.js";
import type { OpDef } from "./op-def.js";
import { floatField, probabilityField } from "./params.js";

const OP = "randomResizedCrop";
/** Largest accepted area fraction (zoom-out); beyond it the output is almost all border. */
const MAX_SCALE = 16;

/**
 * Random resized crop. Words: 0 decides (u < p); 1 area fraction a = scaleMin + (scaleMax -
 * scaleMin) u; 2 log-aspect; 3 and 4 place the box: x0 = (W - w) u3, y0 = (H - h) u4 with
 * w = sqrt(a H W r), h = sqrt(a H W / r) tokens; box [y0/H, x0/W, (y0+h)/H, (x0+w)/W].
 */
export const randomResizedCrop: OpDef<"randomResizedCrop"> = {
  name: OP,
  role: "spatial",
  fields: ["p", "scaleMin", "scaleMax", "logRatioMin", "logRatioMax"],
  resolve(v, at) {
    const r = {
      p: probabilityField(v.p, 1, at, OP),
      scaleMin: floatField(v.scaleMin, 0.5, at, OP, "scaleMin", 0, MAX_SCALE, true),
      scaleMax: floatField(v.scaleMax, 1, at, OP, "scaleMax", 0, MAX_SCALE, true),
      logRatioMin: floatField(v.logRatioMin, Math.log(3 / 4), at, OP, "logRatioMin", -5, 5),
      logRatioMax: floatField(v.logRatioMax, Math.log(4 / 3), at, OP, "logRatioMax", -5, 5),
    };
    if (r.scaleMax < r.scaleMin) {
      throw new PolicyError(`${OP}.scaleMax (${r.scaleMax}) must be >= scaleMin (${r.scaleMin})`, at, "scaleMax");
    }
    if (r.logRatioMax < r.logRatioMin) {
      throw new PolicyError(`${OP}.logRatioMax (${r.logRatioMax}) must be >= logRatioMin (${r.logRatioMin})`, at, "logRatioMax");
    }
    return r;
  },
  isNoop: (v) => v.p === 0 || (v.scaleMin === 1 && v.scaleMax === 1 && v.logRatioMin === 0 && v.logRatioMax === 0),
  wordCount: () => 5,
  sample(v, words, shape, plan) {
    if (!(uniform(words[0] as number) < v.p)) return;
    const { height: H, width: W } = shape;
    const area = (v.scaleMin + (v.scaleMax - v.scaleMin) * uniform(words[1] as number)) * H * W;
    const ratio = Math.exp(v.logRatioMin + (v.logRatioMax - v.logRatioMin) * uniform(words[2] as number));
    const w = Math.sqrt(area * ratio);
    const h = Math.sqrt(area / ratio);
    const x0 = (W - w) * uniform(words[3] as number);
    const y0 = (H - h) * uniform(words[4] as number);
    composeBox(plan, y0 / H, x0 / W, (y0 + h) / H, (x0 + w) / W);
  },
};
