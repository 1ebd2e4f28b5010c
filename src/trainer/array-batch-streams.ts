// In-process BatchStreams over literal arrays (tests, benchmarks, small experiments). Same
// contract as the network streams: order = permutation(seed, epoch), batches never cross an
// epoch, each batch carries the cursor after it, and a stream started from a cursor yields
// exactly the batches the uninterrupted stream would have yielded from there.
import type { BatchStreams, StreamCursor, TrainBatch, TrainStreamOptions } from "./batch-streams.js";
import { hashString, mixSeed, permutation } from "./rng.js";

/** One split as flat arrays: tokens [N, H, W, C], optional CLS [N, C], labels [N]. */
export interface ArraySplit {
  tokens: Float32Array;
  cls?: Float32Array;
  labels: Int32Array;
  /** Sample ids; default 0..N-1 (train) and N_train.. (val). */
  ids?: number[];
}

/** A whole in-process dataset. */
export interface ArrayDataset {
  gridHeight: number;
  gridWidth: number;
  channels: number;
  labelNames: string[];
  train: ArraySplit;
  val: ArraySplit;
}

/** Augmentations the in-process streams implement: none, or a seeded horizontal flip (p = 0.5). */
export type ArrayAugment = "none" | "hflip";

interface Geometry {
  h: number;
  w: number;
  c: number;
}

function checkSplit(name: string, s: ArraySplit, g: Geometry): number {
  const n = s.labels.length;
  if (s.tokens.length !== n * g.h * g.w * g.c) throw new RangeError(`${name}: tokens do not match ${n} samples of ${g.h}x${g.w}x${g.c}`);
  if (s.cls !== undefined && s.cls.length !== n * g.c) throw new RangeError(`${name}: cls does not match ${n} samples of ${g.c}`);
  if (s.ids !== undefined && s.ids.length !== n) throw new RangeError(`${name}: ${s.ids.length} ids for ${n} samples`);
  return n;
}

function augmentName(augment: string | object): ArrayAugment {
  if (augment === "none" || augment === "hflip") return augment;
  throw new RangeError(`in-process streams support augment "none" or "hflip", got ${JSON.stringify(augment)}`);
}

/** Copies samples `picks` of a split into one batch, flipping those `flip` says to. */
function gather(s: ArraySplit, g: Geometry, picks: ArrayLike<number>, flip: (i: number) => boolean): Pick<TrainBatch, "tokens" | "cls" | "labels" | "ids"> {
  const per = g.h * g.w * g.c;
  const b = picks.length;
  const tokens = new Float32Array(b * per);
  const cls = s.cls === undefined ? undefined : new Float32Array(b * g.c);
  const labels = new Int32Array(b);
  const ids: number[] = [];
  for (let k = 0; k < b; k++) {
    const i = picks[k] as number;
    const src = s.tokens.subarray(i * per, (i + 1) * per);
    if (flip(i)) {
      for (let y = 0; y < g.h; y++) {
        for (let x = 0; x < g.w; x++) {
          const from = (y * g.w + (g.w - 1 - x)) * g.c;
          tokens.set(src.subarray(from, from + g.c), k * per + (y * g.w + x) * g.c);
        }
      }
    } else {
      tokens.set(src, k * per);
    }
    if (cls !== undefined && s.cls !== undefined) cls.set(s.cls.subarray(i * g.c, (i + 1) * g.c), k * g.c);
    labels[k] = s.labels[i] as number;
    ids.push(s.ids?.[i] ?? i);
  }
  return cls === undefined ? { tokens, labels, ids } : { tokens, cls, labels, ids };
}

/** Creates BatchStreams over `data`. */
export function createArrayBatchStreams(data: ArrayDataset): BatchStreams {
  const g: Geometry = { h: data.gridHeight, w: data.gridWidth, c: data.channels };
  const nTrain = checkSplit("train", data.train, g);
  const nVal = checkSplit("val", data.val, g);
  const val: ArraySplit = { ...data.val, ids: data.val.ids ?? Array.from({ length: nVal }, (_, i) => nTrain + i) };
  return {
    info: { gridHeight: g.h, gridWidth: g.w, channels: g.c, labelNames: [...data.labelNames], trainSamples: nTrain },
    async *train(opts: TrainStreamOptions): AsyncGenerator<TrainBatch> {
      const augment = augmentName(opts.augment);
      if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) throw new RangeError(`batchSize must be >= 1`);
      const fingerprint = mixSeed(opts.seed, opts.batchSize, nTrain, hashString(augment));
      let cursor: StreamCursor = opts.start ?? { epoch: 0, offset: 0, fingerprint };
      if (BigInt(cursor.fingerprint) !== BigInt(fingerprint)) throw new RangeError("cursor belongs to a different stream");
      if (cursor.offset % opts.batchSize !== 0 || cursor.offset > nTrain) throw new RangeError(`cursor offset ${cursor.offset} is not a batch boundary`);
      while (cursor.epoch < opts.epochs) {
        const epoch = cursor.epoch;
        const order = permutation(nTrain, mixSeed(opts.seed, epoch));
        for (let offset = cursor.offset; offset < nTrain; offset += opts.batchSize) {
          const end = Math.min(nTrain, offset + opts.batchSize);
          const flip = (i: number): boolean => augment === "hflip" && mixSeed(opts.seed, epoch, i) % 2 === 1;
          const next: StreamCursor = end < nTrain ? { epoch, offset: end, fingerprint } : { epoch: epoch + 1, offset: 0, fingerprint };
          yield { ...gather(data.train, g, order.subarray(offset, end), flip), cursor: next, epoch, batchIndex: offset / opts.batchSize };
        }
        cursor = { epoch: epoch + 1, offset: 0, fingerprint };
      }
    },
    async *val(opts: { batchSize: number }): AsyncGenerator<TrainBatch> {
      for (let offset = 0; offset < nVal; offset += opts.batchSize) {
        const end = Math.min(nVal, offset + opts.batchSize);
        const picks = Array.from({ length: end - offset }, (_, k) => offset + k);
        const cursor: StreamCursor = { epoch: end < nVal ? 0 : 1, offset: end < nVal ? end : 0, fingerprint: 0 };
        yield { ...gather(val, g, picks, () => false), cursor, epoch: 0, batchIndex: offset / opts.batchSize };
      }
    },
  };
}
