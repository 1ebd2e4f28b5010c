// BatchStreams read from a cache in this process, without a server: the same batches a feature
// server would stream for the same request (sample order from the server's epochOrder, the same
// augmentation policy through an Augmenter with the same (seed, epoch, id) randomness, fp16 on the
// way like the wire, fp32 for the trainer), so a run can skip the network and a cursor from either
// source resumes the other. Useful for a single trainer next to its cache and for measuring what
// the network path costs.
import { basename, resolve } from "node:path";
import type { Augmenter, GridShape, ResolvedPolicy } from "../augment/index.js";
import { resolvePolicy } from "../augment/index.js";
import { openCacheReader, type CacheReader, type Manifest, type SplitIndex } from "../cache/index.js";
import { float16ToFloat32 } from "../contract/float16.js";
import type { AugmentationPolicy } from "../gen/loff/v1/augmentation.js";
import { cursorFingerprint } from "../server/cursor.js";
import { epochOrder } from "../server/sample-order.js";
import type { BatchStreams, StreamCursor, TrainBatch, TrainStreamOptions } from "./batch-streams.js";

/** Options of createCacheBatchStreams. */
export interface CacheStreamsOptions {
  /** A finished cache directory. */
  cacheDir: string;
  /** Runs augmentation policies; needed only for policies that can change a sample. The caller closes it. */
  augmenter?: Augmenter;
  trainSplit?: string;
  valSplit?: string;
  /** Dataset name in cursor fingerprints; default the cache folder's name, which is what a server serving that folder calls it. */
  dataset?: string;
}

/** In-process batch streams over one cache; close() releases the cache. */
export interface CacheBatchStreams extends BatchStreams {
  readonly manifest: Manifest;
  close(): Promise<void>;
}

/** One batch before its tensors are read. */
interface BatchRef {
  epoch: number;
  index: number;
  ids: number[];
  labels: number[];
  cursor: StreamCursor;
}

interface Sequence {
  split: SplitIndex;
  seed: number;
  shuffle: boolean;
  batchSize: number;
  /** Epochs to produce (the sequence ends before epoch `epochs`). */
  epochs: number;
  fingerprint: number;
  start: { epoch: number; batch: number };
}

/** The batches of a stream from its start, as the server's batch sequence makes them (one shard, no drop_last). */
function* batchRefs(s: Sequence): Generator<BatchRef> {
  const n = s.split.ids.length;
  const perEpoch = Math.ceil(n / s.batchSize);
  let index = s.start.batch;
  for (let epoch = s.start.epoch; epoch < s.epochs; epoch++, index = 0) {
    const order = epochOrder(n, s.seed, epoch, s.shuffle);
    for (; index < perEpoch; index++) {
      const first = index * s.batchSize;
      const end = Math.min(first + s.batchSize, n);
      const ids: number[] = [];
      const labels: number[] = [];
      for (let i = first; i < end; i++) {
        const pos = order[i] as number;
        ids.push(s.split.ids[pos] as number);
        labels.push(s.split.labels[pos] as number);
      }
      const last = index + 1 === perEpoch;
      const cursor = { epoch: last ? epoch + 1 : epoch, offset: last ? 0 : end, fingerprint: s.fingerprint };
      yield { epoch, index, ids, labels, cursor };
    }
  }
}

/** Where a stream starts; the same checks (and reasons) as the server's. */
function startOf(start: StreamCursor | undefined, fingerprint: number, batchSize: number, n: number, epochs: number): { epoch: number; batch: number } {
  if (start === undefined) return { epoch: 0, batch: 0 };
  if (Number(start.fingerprint) !== fingerprint) throw new RangeError("cursor does not belong to this stream (dataset, split, seed and batch size must match)");
  if (start.offset % batchSize !== 0) throw new RangeError(`cursor offset ${start.offset} is not on a batch boundary of batch size ${batchSize}`);
  if (start.offset >= n) throw new RangeError(`cursor offset ${start.offset} is past the end of the epoch (${n} samples)`);
  if (start.epoch > epochs || (start.epoch === epochs && start.offset > 0)) throw new RangeError(`cursor epoch ${start.epoch} is past the requested ${epochs} epochs`);
  return { epoch: start.epoch, batch: start.offset / batchSize };
}

function sharedU16(n: number): Uint16Array {
  return new Uint16Array(new SharedArrayBuffer(Math.max(2, n * 2)));
}

// A cache without a train split has no statistics; neutral values keep augmentation defined (as the server does).
function channelStat(values: number[], channels: number, fallback: number): Float32Array {
  return values.length === channels ? Float32Array.from(values) : new Float32Array(channels).fill(fallback);
}

/** Opens `cacheDir` and returns streams over its train and validation splits. */
export function createCacheBatchStreams(o: CacheStreamsOptions): CacheBatchStreams {
  const reader: CacheReader = openCacheReader(o.cacheDir);
  try {
    return streamsOver(reader, o);
  } catch (err) {
    void reader.close();
    throw err;
  }
}

function streamsOver(reader: CacheReader, o: CacheStreamsOptions): CacheBatchStreams {
  const m = reader.manifest;
  const trainName = o.trainSplit ?? "train";
  const valName = o.valSplit ?? "val";
  const names: string[] = reader.splitNames();
  if (!names.includes(trainName) || !names.includes(valName)) {
    throw new Error(`cache ${reader.path} needs "${trainName}" and "${valName}" splits; it has ${names.join(", ")}`);
  }
  const dataset = o.dataset ?? basename(resolve(o.cacheDir));
  const trainSplit = reader.split(trainName);
  const valSplit = reader.split(valName);
  const shape: GridShape = { height: m.gridHeight, width: m.gridWidth, channels: m.channels };
  const per = shape.height * shape.width * shape.channels;
  const c = shape.channels;
  const channelMean = channelStat(m.channelMean, c, 0);
  const channelStd = channelStat(m.channelStd, c, 1);

  const fingerprintOf = (split: string, seed: number, shuffle: boolean, batchSize: number): number =>
    cursorFingerprint({ dataset, split, seed, shuffle, shard: { rank: 0, world: 1, remainder: "wrap" }, batchSize, dropLast: false });

  const policyOf = (augment: string | object): ResolvedPolicy | undefined => {
    if (augment === "none") return undefined;
    const resolved = resolvePolicy(augment as AugmentationPolicy | string, shape);
    if (resolved.identity) return undefined;
    if (o.augmenter === undefined) throw new Error(`augmentation "${resolved.preset || "custom"}" needs an augmenter (createAugmenter)`);
    return resolved;
  };

  /** Streams batches; the next batch is produced (read + augmented) while the consumer works on this one. */
  async function* stream(s: Sequence, policy: ResolvedPolicy | undefined): AsyncGenerator<TrainBatch> {
    const most = s.batchSize;
    // One batch is in production at a time, so one set of scratch buffers serves the whole stream.
    const raw = sharedU16(most * per);
    const rawCls = sharedU16(most * c);
    const out = policy === undefined ? undefined : { tokens: sharedU16(most * per), cls: sharedU16(most * c) };
    const abort = new AbortController();
    const produce = async (ref: BatchRef): Promise<TrainBatch> => {
      const b = ref.ids.length;
      for (let i = 0; i < b; i++) reader.readInto(ref.ids[i] as number, raw, i * per, rawCls, i * c);
      let tokens16 = raw.subarray(0, b * per);
      let cls16 = rawCls.subarray(0, b * c);
      if (policy !== undefined && out !== undefined) {
        const outTokens = out.tokens.subarray(0, b * per);
        const outCls = out.cls.subarray(0, b * c);
        // fp16 output, like a float16 stream on the wire, so values match the server's exactly.
        const job = { policy, seed: s.seed, epoch: ref.epoch, ids: ref.ids, shape, tokens: tokens16, cls: cls16, channelMean, channelStd, outTokens, outCls, signal: abort.signal };
        await (o.augmenter as Augmenter).run(job);
        tokens16 = outTokens;
        cls16 = outCls;
      }
      return { tokens: float16ToFloat32(tokens16), cls: float16ToFloat32(cls16), labels: Int32Array.from(ref.labels), ids: ref.ids, cursor: ref.cursor, epoch: ref.epoch, batchIndex: ref.index };
    };
    const refs = batchRefs(s);
    let pending: Promise<TrainBatch> | undefined;
    const start = (): void => {
      const r = refs.next();
      pending = r.done === true ? undefined : produce(r.value);
      // A failure while the consumer holds the previous batch surfaces at the next await, not as an unhandled rejection.
      pending?.catch(() => undefined);
    };
    try {
      start();
      while (pending !== undefined) {
        const batch = await pending;
        start();
        yield batch;
      }
    } finally {
      if (pending !== undefined) {
        abort.abort();
        await pending.catch(() => undefined);
      }
    }
  }

  return {
    manifest: m,
    info: { gridHeight: shape.height, gridWidth: shape.width, channels: c, labelNames: [...m.labelNames], trainSamples: trainSplit.ids.length },
    async *train(t: TrainStreamOptions): AsyncGenerator<TrainBatch> {
      if (!Number.isInteger(t.batchSize) || t.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${t.batchSize}`);
      const policy = policyOf(t.augment);
      const fingerprint = fingerprintOf(trainName, t.seed, true, t.batchSize);
      const begin = startOf(t.start, fingerprint, t.batchSize, trainSplit.ids.length, t.epochs);
      yield* stream({ split: trainSplit, seed: t.seed, shuffle: true, batchSize: t.batchSize, epochs: t.epochs, fingerprint, start: begin }, policy);
    },
    async *val(v: { batchSize: number }): AsyncGenerator<TrainBatch> {
      if (!Number.isInteger(v.batchSize) || v.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${v.batchSize}`);
      const fingerprint = fingerprintOf(valName, 0, false, v.batchSize);
      yield* stream({ split: valSplit, seed: 0, shuffle: false, batchSize: v.batchSize, epochs: 1, fingerprint, start: { epoch: 0, batch: 0 } }, undefined);
    },
    close: () => reader.close(),
  };
}
