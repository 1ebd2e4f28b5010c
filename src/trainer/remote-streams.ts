// BatchStreams over the network: the trainer's view of a loff feature server, through the TypeScript
// client (which resumes from the last cursor when a server restarts or a connection drops).
import { float16ToFloat32 } from "../contract/float16.js";
import { createFeatureClient, DataType, Layout, type FeatureBatch, type FeatureClient, type FeatureClientOptions } from "../client/index.js";
import type { DatasetInfo } from "../gen/loff/v1/feature_service.js";
import type { AugmentationPolicy } from "../gen/loff/v1/augmentation.js";
import type { BatchStreams, TrainBatch } from "./batch-streams.js";

/** Options of createRemoteBatchStreams. */
export interface RemoteStreamsOptions {
  client: Partial<FeatureClientOptions> & Pick<FeatureClientOptions, "address">;
  dataset: string;
  trainSplit?: string;
  valSplit?: string;
  /** Serve-time k x k average pooling of the grid (0 or 1 = none): cheaper heads on big grids. */
  pool?: number;
  signal?: AbortSignal;
  /** Called when the client resumes a stream after an error. */
  onRetry?: (attempt: number, message: string, delayMs: number) => void;
}

/** Remote batch streams plus what the server said about the dataset. */
export interface RemoteBatchStreams extends BatchStreams {
  datasetInfo: DatasetInfo;
  close(): void;
}

/** Connects to a server and describes `dataset`; fails when it is unknown or lacks the splits. */
export async function createRemoteBatchStreams(o: RemoteStreamsOptions): Promise<RemoteBatchStreams> {
  const client: FeatureClient = createFeatureClient(o.client);
  const trainSplit = o.trainSplit ?? "train";
  const valSplit = o.valSplit ?? "val";
  let info: DatasetInfo;
  try {
    info = await client.getDatasetInfo(o.dataset);
  } catch (err) {
    client.close();
    throw err;
  }
  const trainInfo = info.splits.find((s) => s.name === trainSplit);
  if (trainInfo === undefined || !info.splits.some((s) => s.name === valSplit)) {
    client.close();
    throw new Error(`dataset ${o.dataset} needs "${trainSplit}" and "${valSplit}" splits; it has ${info.splits.map((s) => s.name).join(", ")}`);
  }
  const streamOpts = { signal: o.signal, onRetry: (n: number, e: { details?: string; message: string }, ms: number) => o.onRetry?.(n, e.details ?? e.message, ms) };
  const pool = o.pool ?? 0;
  if (pool > 1 && (info.gridHeight % pool !== 0 || info.gridWidth % pool !== 0)) {
    client.close();
    throw new Error(`pooling ${pool}x${pool} does not divide the ${info.gridHeight}x${info.gridWidth} grid of ${o.dataset}`);
  }
  const k = Math.max(1, pool);
  const common = { dataset: o.dataset, dtype: DataType.DATA_TYPE_FLOAT16, layout: Layout.LAYOUT_GRID, includeCls: true, pool };
  return {
    datasetInfo: info,
    info: {
      gridHeight: info.gridHeight / k,
      gridWidth: info.gridWidth / k,
      channels: info.channels,
      labelNames: info.labelNames,
      trainSamples: trainInfo.samples,
    },
    async *train(t) {
      const augmentation: AugmentationPolicy = typeof t.augment === "string" ? { preset: t.augment, ops: [] } : (t.augment as AugmentationPolicy);
      const start = t.start === undefined ? undefined : { epoch: t.start.epoch, offset: t.start.offset, fingerprint: Number(t.start.fingerprint) };
      const stream = client.streamBatches(
        { ...common, split: trainSplit, batchSize: t.batchSize, seed: t.seed, epochs: t.epochs, shuffle: true, augmentation, start },
        streamOpts,
      );
      for await (const b of stream) yield toTrainBatch(b);
    },
    async *val(v) {
      const stream = client.streamBatches({ ...common, split: valSplit, batchSize: v.batchSize, epochs: 1, shuffle: false }, streamOpts);
      for await (const b of stream) yield toTrainBatch(b);
    },
    close: () => client.close(),
  };
}

function toFloat32(a: Uint16Array | Float32Array): Float32Array {
  return a instanceof Float32Array ? a : float16ToFloat32(a);
}

function toTrainBatch(b: FeatureBatch): TrainBatch {
  const batch: TrainBatch = {
    tokens: toFloat32(b.tokens),
    labels: b.labels,
    ids: b.ids,
    cursor: { epoch: b.cursor.epoch, offset: b.cursor.offset, fingerprint: b.cursor.fingerprint },
    epoch: b.epoch,
    batchIndex: b.batchIndex,
  };
  if (b.cls !== undefined) batch.cls = toFloat32(b.cls);
  return batch;
}
