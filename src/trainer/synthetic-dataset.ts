// Synthetic feature datasets with known answers, for tests and benchmarks: a linearly separable
// task (class prototypes + noise) and a random-label task a head can only memorise.
import type { ArrayDataset, ArraySplit } from "./array-batch-streams.js";
import { createRng, mixSeed, type Rng } from "./rng.js";

/** Shape and difficulty of a synthetic dataset. */
export interface SyntheticOptions {
  classes: number;
  trainSamples: number;
  valSamples: number;
  gridHeight: number;
  gridWidth: number;
  channels: number;
  seed: number;
  /** "separable": tokens = signal·prototype[label] + N(0,1); "random": N(0,1) tokens, labels by index. */
  kind: "separable" | "random";
  /** Prototype scale of the separable task (larger = easier). */
  signal?: number;
  /** Whether samples carry a CLS vector. */
  withCls?: boolean;
}

function makeSplit(o: SyntheticOptions, n: number, rng: Rng, prototypes: Float32Array[]): ArraySplit {
  const per = o.gridHeight * o.gridWidth * o.channels;
  const tokens = new Float32Array(n * per);
  const cls = o.withCls === false ? undefined : new Float32Array(n * o.channels);
  const labels = new Int32Array(n);
  const signal = o.kind === "separable" ? (o.signal ?? 1) : 0;
  for (let i = 0; i < n; i++) {
    // Balanced labels, in an order that does not depend on the classifier seeing them sorted.
    const label = o.kind === "random" ? rng.int(o.classes) : i % o.classes;
    labels[i] = label;
    const proto = prototypes[label] as Float32Array;
    for (let j = 0; j < per; j++) tokens[i * per + j] = signal * (proto[j % o.channels] as number) + rng.normal();
    if (cls !== undefined) for (let j = 0; j < o.channels; j++) cls[i * o.channels + j] = signal * (proto[j] as number) + rng.normal();
  }
  return cls === undefined ? { tokens, labels } : { tokens, cls, labels };
}

/** Creates a synthetic dataset; the same options always give the same arrays. */
export function createSyntheticDataset(o: SyntheticOptions): ArrayDataset {
  const protoRng = createRng(mixSeed(o.seed, 1));
  const prototypes = Array.from({ length: o.classes }, () => Float32Array.from({ length: o.channels }, () => protoRng.normal()));
  return {
    gridHeight: o.gridHeight,
    gridWidth: o.gridWidth,
    channels: o.channels,
    labelNames: Array.from({ length: o.classes }, (_, k) => `class-${k}`),
    train: makeSplit(o, o.trainSamples, createRng(mixSeed(o.seed, 2)), prototypes),
    val: makeSplit(o, o.valSamples, createRng(mixSeed(o.seed, 3)), prototypes),
  };
}
