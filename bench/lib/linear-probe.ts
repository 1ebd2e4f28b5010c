// The reference of docs/results.md: multinomial logistic regression on mean-pooled cached features
// (standardised with train statistics, L2-regularised, full-batch gradient descent with momentum).
// No projection, no augmentation, no tfjs: the plainest use of the features.
import { float16Table } from "../../src/contract/float16.js";
import type { CacheReader } from "../../src/cache/index.js";

/** Mean-pooled token vectors and labels of a split. */
export function pooledFeatures(reader: CacheReader, split: string): { x: Float64Array[]; y: Int32Array } {
  const { ids, labels } = reader.split(split);
  const { gridHeight: h, gridWidth: w, channels: c } = reader.manifest;
  const t = float16Table();
  const tokens = new Uint16Array(h * w * c);
  const x: Float64Array[] = [];
  for (const id of ids) {
    reader.readInto(id, tokens, 0);
    const v = new Float64Array(c);
    for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) v[k] = (v[k] as number) + (t[tokens[p * c + k] as number] as number);
    for (let k = 0; k < c; k++) v[k] = (v[k] as number) / (h * w);
    x.push(v);
  }
  return { x, y: Int32Array.from(labels) };
}

/** Fits the probe on train and returns its validation accuracy. */
export function linearProbeAccuracy(
  train: { x: Float64Array[]; y: Int32Array },
  val: { x: Float64Array[]; y: Int32Array },
  classes: number,
  opts: { l2?: number; iterations?: number; lr?: number } = {},
): number {
  const l2 = opts.l2 ?? 1e-3;
  const iters = opts.iterations ?? 400;
  const lr = opts.lr ?? 0.5;
  const d = train.x[0]?.length ?? 0;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const v of train.x) for (let k = 0; k < d; k++) mean[k] = (mean[k] as number) + (v[k] as number) / train.x.length;
  for (const v of train.x) for (let k = 0; k < d; k++) std[k] = (std[k] as number) + ((v[k] as number) - (mean[k] as number)) ** 2 / train.x.length;
  for (let k = 0; k < d; k++) std[k] = Math.sqrt(std[k] as number) + 1e-6;
  const norm = (v: Float64Array): Float64Array => v.map((a, k) => (a - (mean[k] as number)) / (std[k] as number));
  const xs = train.x.map(norm);
  const W = new Float64Array(classes * (d + 1));
  const vel = new Float64Array(W.length);
  const grad = new Float64Array(W.length);
  const logits = new Float64Array(classes);
  for (let it = 0; it < iters; it++) {
    grad.fill(0);
    xs.forEach((x, i) => {
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        let z = W[c * (d + 1) + d] as number;
        for (let k = 0; k < d; k++) z += (W[c * (d + 1) + k] as number) * (x[k] as number);
        logits[c] = z;
        max = Math.max(max, z);
      }
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += (logits[c] = Math.exp((logits[c] as number) - max));
      for (let c = 0; c < classes; c++) {
        const g = ((logits[c] as number) / sum - (train.y[i] === c ? 1 : 0)) / xs.length;
        for (let k = 0; k < d; k++) grad[c * (d + 1) + k] = (grad[c * (d + 1) + k] as number) + g * (x[k] as number);
        grad[c * (d + 1) + d] = (grad[c * (d + 1) + d] as number) + g;
      }
    });
    for (let j = 0; j < W.length; j++) {
      const g = (grad[j] as number) + (j % (d + 1) === d ? 0 : l2 * (W[j] as number));
      vel[j] = 0.9 * (vel[j] as number) - lr * g;
      W[j] = (W[j] as number) + (vel[j] as number);
    }
  }
  let correct = 0;
  val.x.forEach((raw, i) => {
    const x = norm(raw);
    let best = 0;
    let bestZ = -Infinity;
    for (let c = 0; c < classes; c++) {
      let z = W[c * (d + 1) + d] as number;
      for (let k = 0; k < d; k++) z += (W[c * (d + 1) + k] as number) * (x[k] as number);
      if (z > bestZ) [best, bestZ] = [c, z];
    }
    if (best === val.y[i]) correct++;
  });
  return correct / val.x.length;
}
