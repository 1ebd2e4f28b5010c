// What "the tfjs executor matches the CPU kernel" means, shared by the parity test
// (test/integration/augment-tfjs.test.ts) and the GPU check on real hardware (bench/gpu-check.ts):
// the inputs both run, the fp16 agreement measure and the noise moments.
import type { GridShape } from "../../src/augment/types.js";
import { fromFloat16 } from "../../src/contract/float16.js";
import type { AugmentationPolicy } from "../../src/gen/loff/v1/augmentation.js";
import { grid, ops } from "../unit/augment/fixtures.js";

/** The parity inputs: a small grid with CLS, every op, and noise alone (sigma 0.5 of std 0.8). */
export const PARITY = (() => {
  const shape: GridShape = { height: 8, width: 10, channels: 16 };
  const batch = 12;
  const geometric = ops(
    { $case: "horizontalFlip", value: {} },
    { $case: "verticalFlip", value: { p: 0.3 } },
    { $case: "randomResizedCrop", value: { scaleMin: 0.3, scaleMax: 1.6 } },
    { $case: "translate", value: { maxFraction: 0.25 } },
  );
  const full: AugmentationPolicy = ops(
    ...geometric.ops.map((o) => o.op as NonNullable<typeof o.op>),
    { $case: "brightnessContrast", value: { applyToCls: true } },
    { $case: "tokenDropout", value: {} },
    { $case: "gaussianNoise", value: { sigma: 0.5 } },
  );
  return {
    shape,
    batch,
    mean: 0.2,
    std: 0.8,
    sigma: 0.5,
    seed: 77,
    epoch: 2,
    ids: Array.from({ length: batch }, (_, i) => i * 3),
    tokens: grid(batch, shape, (b, y, x, c) => Math.sin(b * 5 + y * 0.7 + x * 1.3 + c) * 3),
    cls: grid(batch, { height: 1, width: 1, channels: shape.channels }, (b, _y, _x, c) => b / 4 - c / 8),
    geometric,
    full,
    noiseOnly: ops({ $case: "gaussianNoise", value: { sigma: 0.5 } }),
  };
})();

/**
 * Agreement of two fp16 arrays: the worst |a - b| / (one fp16 ulp of the larger value + `absolute`)
 * (<= 1 passes), where it is, and how many values differ at all. `absolute` covers float32 rounding
 * of blended inputs where a blend cancels to ~0; GPUs compute sampling coordinates in float32, so
 * WebGPU gets 2^-17 against 8 x 2^-22 for tfjs-cpu (float64).
 */
export function fp16Agreement(a: Uint16Array, b: Uint16Array, absolute = 8 * 2 ** -22): { worst: number; at: number; differing: number; detail: string } {
  let worst = 0;
  let at = 0;
  let differing = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) differing++;
    const x = fromFloat16(a[i] as number);
    const y = fromFloat16(b[i] as number);
    const r = Math.abs(x - y) / (Math.max(Math.abs(x), Math.abs(y)) * 2 ** -10 + absolute);
    if (!(r <= worst)) {
      worst = r;
      at = i;
      if (Number.isNaN(r)) break;
    }
  }
  const detail = `worst ${worst.toFixed(3)} x tolerance (${fromFloat16(a[at] as number)} vs ${fromFloat16(b[at] as number)} at ${at}); ${differing} of ${a.length} values differ at all`;
  return { worst, at, differing, detail };
}

/** Moments of (out - input) / sigmaStd, which must be ~N(0, 1): ok within ~5 standard errors. */
export function noiseMoments(out: Uint16Array, input: Uint16Array, sigmaStd: number): { mean: number; std: number; n: number; ok: boolean } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < out.length; i++) {
    const z = (fromFloat16(out[i] as number) - fromFloat16(input[i] as number)) / sigmaStd;
    s += z;
    s2 += z * z;
  }
  const n = out.length;
  const mean = s / n;
  const std = Math.sqrt(s2 / n - mean * mean);
  return { mean, std, n, ok: Math.abs(mean) < 5 / Math.sqrt(n) + 0.01 && Math.abs(std - 1) < 0.03 };
}
