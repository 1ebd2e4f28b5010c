// The fused CPU kernel for one sample: fp16 decode, one bilinear resampling for all spatial ops
// (flips are reversed box ranges), the pointwise steps per token while the token is in cache,
// fp16 encode. All buffers live in the row kernel's memory and are laid out once per shape.
import { axisTable } from "../geometry.js";
import { fillNoiseTable, NOISE_OFFSETS } from "../noise-table.js";
import { isIdentityBox, type SamplePlan } from "../sample-plan.js";
import type { GridShape } from "../types.js";
import type { RowKernel } from "./row-kernel.js";

/** Applies sample plans to one sample at a time. */
export interface SampleRunner {
  readonly kernel: RowKernel;
  /** Sets the per-channel statistics (from the cache manifest) used by noise, dropout, brightness. */
  setStats(mean: Float32Array, std: Float32Array): void;
  /** Writes sample `row` of `out` (and `outCls`) from sample `row` of the inputs. */
  run(
    plan: SamplePlan,
    tokens: Uint16Array,
    cls: Uint16Array | undefined,
    out: Uint16Array | Float32Array,
    outCls: Uint16Array | Float32Array | undefined,
    row: number,
  ): void;
}

const align4 = (n: number): number => Math.ceil(n / 4) * 4;

/** Creates a runner for one grid shape and a fixed number of pointwise steps. */
export function createSampleRunner(kernel: RowKernel, shape: GridShape, stepCount: number): SampleRunner {
  const { height: H, width: W, channels: C } = shape;
  const T = H * W;
  const N = T * C;
  const Cp = align4(C);
  // Layout in float32 units.
  const TABLE = 0;
  const MEAN = align4(TABLE + NOISE_OFFSETS + Cp);
  const STD = MEAN + Cp;
  const PARAMS = STD + Cp; // one C-vector per step: noise scale or affine beta
  const ROW = PARAMS + stepCount * Cp;
  const CLS = ROW + Cp; // decoded CLS
  const CLS_IN = CLS + Cp; // u16 input CLS (uses Cp/2 floats)
  const CLS_OUT = CLS_IN + Cp;
  const IN = CLS_OUT + Cp; // u16 input sample (N/2 floats)
  const DEC = IN + align4(Math.ceil(N / 2));
  const OUT = DEC + align4(N);
  const END = OUT + align4(N);
  kernel.reserve(END * 4);
  fillNoiseTable(kernel.f32.subarray(TABLE, TABLE + NOISE_OFFSETS + C));
  const y0 = new Int32Array(H);
  const y1 = new Int32Array(H);
  const fy = new Float32Array(H);
  const x0 = new Int32Array(W);
  const x1 = new Int32Array(W);
  const fx = new Float32Array(W);
  let mean: Float32Array = new Float32Array(C);
  let std: Float32Array = new Float32Array(C);

  /** Fills the per-sample step vectors; returns whether any step is active. */
  function prepareSteps(plan: SamplePlan): boolean {
    const f = kernel.f32;
    let any = false;
    plan.steps.forEach((s, i) => {
      if (!s.active) return;
      any = true;
      const p = PARAMS + i * Cp;
      if (s.kind === "noise") for (let c = 0; c < C; c++) f[p + c] = Math.fround(s.sigma) * (std[c] as number);
      else if (s.kind === "affine") {
        for (let c = 0; c < C; c++) f[p + c] = (mean[c] as number) * (1 - s.contrast) + s.brightness * (std[c] as number);
      }
    });
    return any;
  }

  /** Runs the active steps on the C values at `at` (token t, or the CLS vector when t < 0). */
  function applySteps(plan: SamplePlan, at: number, t: number): void {
    const steps = plan.steps;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      if (s === undefined || !s.active) continue;
      const p = PARAMS + i * Cp;
      if (s.kind === "noise") {
        if (t >= 0 || s.applyToCls) kernel.addNoise(at, p, TABLE + (s.offsets[t >= 0 ? t : T] as number), C);
      } else if (s.kind === "affine") {
        if (t >= 0 || s.applyToCls) kernel.affine(at, s.contrast, p, C);
      } else if (t >= 0 && s.dropped[t] === 1) {
        kernel.f32.copyWithin(at, MEAN, MEAN + C);
      }
    }
  }

  return {
    kernel,
    setStats(m, s) {
      if (m.length !== C || s.length !== C) throw new RangeError(`channel statistics must have ${C} values, got ${m.length} and ${s.length}`);
      mean = m;
      std = s;
      kernel.f32.set(m, MEAN);
      kernel.f32.set(s, STD);
    },
    run(plan, tokens, cls, out, outCls, row) {
      const steps = prepareSteps(plan);
      const resample = !isIdentityBox(plan.box);
      const f16 = out instanceof Uint16Array;
      const src = tokens.subarray(row * N, row * N + N);
      if (!steps && !resample) {
        if (f16) out.set(src, row * N);
        else {
          kernel.u16.set(src, IN * 2);
          kernel.decode(IN * 2, OUT, N);
          out.set(kernel.f32.subarray(OUT, OUT + N), row * N);
        }
      } else {
        kernel.u16.set(src, IN * 2);
        const base = resample || f16 ? DEC : OUT;
        kernel.decode(IN * 2, base, N);
        if (resample) {
          const b = plan.box;
          axisTable(b[0] as number, b[2] as number, H, y0, y1, fy);
          axisTable(b[1] as number, b[3] as number, W, x0, x1, fx);
        }
        for (let y = 0, t = 0; y < H; y++) {
          const top = DEC + (y0[y] as number) * W * C;
          const bottom = DEC + (y1[y] as number) * W * C;
          const wy = fy[y] as number;
          for (let x = 0; x < W; x++, t++) {
            let at = base + t * C;
            if (resample) {
              at = f16 ? ROW : OUT + t * C;
              const l = (x0[x] as number) * C;
              const r = (x1[x] as number) * C;
              kernel.lerp(at, top + l, top + r, bottom + l, bottom + r, fx[x] as number, wy, C);
            }
            if (steps) applySteps(plan, at, t);
            if (f16) kernel.encode(at, OUT * 2 + t * C, C);
          }
        }
        if (f16) out.set(kernel.u16.subarray(OUT * 2, OUT * 2 + N), row * N);
        else out.set(kernel.f32.subarray(OUT, OUT + N), row * N);
      }
      if (cls !== undefined && outCls !== undefined) {
        const c = cls.subarray(row * C, row * C + C);
        const clsSteps = steps && plan.steps.some((s) => s.active && s.kind !== "dropout" && s.applyToCls);
        if (!clsSteps && outCls instanceof Uint16Array) outCls.set(c, row * C);
        else {
          kernel.u16.set(c, CLS_IN * 2);
          kernel.decode(CLS_IN * 2, CLS, C);
          if (clsSteps) applySteps(plan, CLS, -1);
          if (outCls instanceof Uint16Array) {
            kernel.encode(CLS, CLS_OUT * 2, C);
            outCls.set(kernel.u16.subarray(CLS_OUT * 2, CLS_OUT * 2 + C), row * C);
          } else outCls.set(kernel.f32.subarray(CLS, CLS + C), row * C);
        }
      }
    },
  };
}
