// The tfjs executor: the same per-sample parameters as the CPU kernel, applied with tensor ops
// on the device: one tf.image.cropAndResize with per-sample boxes (a reversed box flips; an
// edge-replicated margin gives border reads), per-sample affine and dropout masks, and noise
// gathered on the device from the same N(0, 1) table at the same per-token offsets.
import type { Tensor } from "@tensorflow/tfjs-core";
import type { Augmenter } from "../augmenter.js";
import { createBulkConverter } from "../cpu/bulk-convert.js";
import { abortError, isAborted, validateJob, type AugmentJob } from "../job.js";
import { fillNoiseTable, NOISE_OFFSETS } from "../noise-table.js";
import { createPlanner, type Planner } from "../planner.js";
import { isIdentityBox } from "../sample-plan.js";
import type { ResolvedPolicy } from "../types.js";
import type { Tf, TfjsBackend } from "./load-backend.js";

type Step = Planner["plan"]["steps"][number];

/** Edge-replicates `p` tokens on both sides of axis (1 = height, 2 = width) of x [B, H, W, C]. */
function edgePad(tf: Tf, x: Tensor, axis: 1 | 2, p: number): Tensor {
  if (p === 0) return x;
  const n = x.shape[axis] as number;
  const begin = [0, 0, 0, 0];
  const size = [-1, -1, -1, -1];
  size[axis] = 1;
  const reps = [1, 1, 1, 1];
  reps[axis] = p;
  const first = tf.tile(tf.slice(x, begin, size), reps);
  begin[axis] = n - 1;
  const last = tf.tile(tf.slice(x, begin, size), reps);
  return tf.concat([first, x, last], axis);
}

/** Creates the tfjs executor on an initialised backend. */
export function createTfjsAugmenter(backend: TfjsBackend): Augmenter {
  const { tf } = backend;
  const convert = createBulkConverter();
  const planners = new Map<ResolvedPolicy, Planner>();
  const tables = new Map<number, Tensor>();
  let closed = false;

  function tableFor(channels: number): Tensor {
    let t = tables.get(channels);
    if (t === undefined) {
      const values = new Float32Array(NOISE_OFFSETS + channels);
      fillNoiseTable(values);
      t = tf.tensor1d(values);
      tables.set(channels, t);
    }
    return t;
  }

  async function run(job: AugmentJob): Promise<void> {
    if (closed) throw new Error("augmenter is closed");
    if (isAborted(job.signal)) throw abortError(job.signal);
    const B = validateJob(job);
    const { height: H, width: W, channels: C } = job.shape;
    const T = H * W;
    let planner = planners.get(job.policy);
    if (planner === undefined) {
      planner = createPlanner(job.policy);
      planners.set(job.policy, planner);
    }
    // Per-sample parameters on the host (cheap), as small tensors.
    const boxes = new Float32Array(B * 4);
    const stepCount = planner.plan.steps.length;
    const alpha = Array.from({ length: stepCount }, () => new Float32Array(B));
    const beta = Array.from({ length: stepCount }, () => new Float32Array(B * C));
    const dropMask = Array.from({ length: stepCount }, () => new Float32Array(B * T));
    const offsets = Array.from({ length: stepCount }, () => new Int32Array(B * (T + 1)));
    const scale = Array.from({ length: stepCount }, () => new Float32Array(B * C));
    const clsOn = Array.from({ length: stepCount }, () => new Float32Array(B));
    const kinds: Step["kind"][] = planner.plan.steps.map((s) => s.kind);
    let resample = false;
    for (let b = 0; b < B; b++) {
      const plan = planner.planSample(job.seed, job.epoch, job.ids[b] as number);
      boxes.set(plan.box, b * 4);
      if (!isIdentityBox(plan.box)) resample = true;
      plan.steps.forEach((s, i) => {
        (alpha[i] as Float32Array)[b] = 1;
        if (!s.active) return;
        (clsOn[i] as Float32Array)[b] = s.kind !== "dropout" && s.applyToCls ? 1 : 0;
        if (s.kind === "affine") {
          (alpha[i] as Float32Array)[b] = s.contrast;
          for (let c = 0; c < C; c++) {
            (beta[i] as Float32Array)[b * C + c] = (job.channelMean[c] as number) * (1 - s.contrast) + s.brightness * (job.channelStd[c] as number);
          }
        } else if (s.kind === "dropout") {
          for (let t = 0; t < T; t++) (dropMask[i] as Float32Array)[b * T + t] = s.dropped[t] as number;
        } else {
          for (let t = 0; t <= T; t++) (offsets[i] as Int32Array)[b * (T + 1) + t] = s.offsets[t] as number;
          for (let c = 0; c < C; c++) (scale[i] as Float32Array)[b * C + c] = Math.fround(s.sigma) * (job.channelStd[c] as number);
        }
      });
    }
    const input = new Float32Array(B * T * C);
    convert.toFloat32(job.tokens, input);
    const clsIn = job.cls === undefined ? undefined : new Float32Array(B * C);
    if (clsIn !== undefined && job.cls !== undefined) convert.toFloat32(job.cls, clsIn);
    const table = tableFor(C);
    const [tokensOut, clsOut] = tf.tidy(() => {
      let x: Tensor = tf.tensor4d(input, [B, H, W, C]);
      if (resample) {
        // A margin of at least one token: coordinates a rounding error past the edge must read the border.
        let py = 1;
        let px = 1;
        for (let b = 0; b < B; b++) {
          const ys = [boxes[b * 4] as number, boxes[b * 4 + 2] as number].map((v) => v * (H - 1));
          const xs = [boxes[b * 4 + 1] as number, boxes[b * 4 + 3] as number].map((v) => v * (W - 1));
          py = Math.max(py, Math.ceil(Math.max(-Math.min(...ys), Math.max(...ys) - (H - 1))) + 1);
          px = Math.max(px, Math.ceil(Math.max(-Math.min(...xs), Math.max(...xs) - (W - 1))) + 1);
        }
        const padded = edgePad(tf, edgePad(tf, x, 1, py), 2, px);
        const pb = new Float32Array(B * 4);
        for (let b = 0; b < B; b++) {
          for (const k of [0, 2]) pb[b * 4 + k] = H > 1 ? ((boxes[b * 4 + k] as number) * (H - 1) + py) / (H - 1 + 2 * py) : 0.5;
          for (const k of [1, 3]) pb[b * 4 + k] = W > 1 ? ((boxes[b * 4 + k] as number) * (W - 1) + px) / (W - 1 + 2 * px) : 0.5;
        }
        const boxInd = tf.tensor1d(Int32Array.from({ length: B }, (_, i) => i), "int32");
        x = tf.image.cropAndResize(padded as import("@tensorflow/tfjs-core").Tensor4D, tf.tensor2d(pb, [B, 4]), boxInd, [H, W], "bilinear");
      }
      let cls: Tensor | undefined = clsIn === undefined ? undefined : tf.tensor2d(clsIn, [B, C]);
      const iota = tf.range(0, C, 1, "int32");
      kinds.forEach((kind, i) => {
        if (kind === "affine") {
          const a = tf.tensor1d(alpha[i] as Float32Array);
          const bt = tf.tensor2d(beta[i] as Float32Array, [B, C]);
          x = tf.add(tf.mul(x, tf.reshape(a, [B, 1, 1, 1])), tf.reshape(bt, [B, 1, 1, C]));
          if (cls !== undefined) {
            const on = tf.reshape(tf.tensor1d(clsOn[i] as Float32Array), [B, 1]);
            const y = tf.add(tf.mul(cls, tf.reshape(a, [B, 1])), bt);
            cls = tf.add(tf.mul(y, on), tf.mul(cls, tf.sub(1, on)));
          }
        } else if (kind === "dropout") {
          const m = tf.reshape(tf.tensor1d(dropMask[i] as Float32Array), [B, H, W, 1]);
          x = tf.add(tf.mul(x, tf.sub(1, m)), tf.mul(tf.reshape(tf.tensor1d(job.channelMean), [1, 1, 1, C]), m));
        } else {
          const off = tf.tensor2d(offsets[i] as Int32Array, [B, T + 1], "int32");
          const tokOff = tf.reshape(tf.slice(off, [0, 0], [B, T]), [B, H, W, 1]);
          const sc = tf.tensor2d(scale[i] as Float32Array, [B, C]);
          x = tf.add(x, tf.mul(tf.gather(table, tf.add(tokOff, iota)), tf.reshape(sc, [B, 1, 1, C])));
          if (cls !== undefined) {
            const on = tf.reshape(tf.tensor1d(clsOn[i] as Float32Array), [B, 1]);
            const n = tf.gather(table, tf.add(tf.slice(off, [0, T], [B, 1]), iota));
            cls = tf.add(cls, tf.mul(tf.mul(n, sc), on));
          }
        }
      });
      return [x, cls] as const;
    });
    try {
      const values = (await tokensOut.data()) as Float32Array;
      if (isAborted(job.signal)) throw abortError(job.signal);
      if (job.outTokens instanceof Uint16Array) convert.toFloat16(values, job.outTokens);
      else job.outTokens.set(values);
      if (clsOut !== undefined && job.outCls !== undefined) {
        const cv = (await clsOut.data()) as Float32Array;
        if (job.outCls instanceof Uint16Array) convert.toFloat16(cv, job.outCls);
        else job.outCls.set(cv);
      }
    } finally {
      tokensOut.dispose();
      clsOut?.dispose();
    }
  }

  return {
    executor: "tfjs",
    backend: backend.name,
    workers: 0,
    run,
    async close() {
      closed = true;
      for (const t of tables.values()) t.dispose();
      tables.clear();
    },
  };
}
