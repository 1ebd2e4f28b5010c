// What the trainer consumes: batches of cached features with labels and a resumable cursor. The
// gRPC client provides one implementation, createArrayBatchStreams an in-process one.

/** A stream position: the stream continues with sample `offset` of epoch `epoch` (Cursor in the contract). */
export interface StreamCursor {
  epoch: number;
  offset: number;
  /** Fingerprint of the request that shaped the stream; a cursor only resumes its own stream. */
  fingerprint: number | bigint;
}

/** One batch of features. */
export interface TrainBatch {
  /** Tokens [B, H, W, C] row-major. */
  tokens: Float32Array;
  /** CLS/global vectors [B, C]; absent when the stream carries none (the head then uses the token mean). */
  cls?: Float32Array;
  /** Class index per sample. */
  labels: Int32Array;
  /** Sample ids (cache keys). */
  ids: number[];
  /** The cursor that resumes the stream right after this batch. */
  cursor: StreamCursor;
  /** Zero-based epoch of this batch. */
  epoch: number;
  /** Zero-based index of this batch within its epoch. */
  batchIndex: number;
}

/** Options of a training stream. */
export interface TrainStreamOptions {
  /** Total epochs of the run: the stream ends after epoch `epochs - 1` (also when started from a cursor). */
  epochs: number;
  /** Seed of the sample order and of the augmentation parameters. */
  seed: number;
  batchSize: number;
  /** Augmentation preset name or policy object, passed through to the source. */
  augment: string | object;
  /** Where to continue: a batch's cursor (undefined = the beginning of epoch 0). */
  start?: StreamCursor;
}

/** A source of training and validation batches. */
export interface BatchStreams {
  /** An augmented, shuffled training stream for `epochs` epochs starting at `start` (undefined = beginning). */
  train(opts: TrainStreamOptions): AsyncIterable<TrainBatch>;
  /** The un-augmented validation split in order, one epoch. */
  val(opts: { batchSize: number }): AsyncIterable<TrainBatch>;
  /** Shapes and labels of the dataset. */
  info: { gridHeight: number; gridWidth: number; channels: number; labelNames: string[]; trainSamples: number };
}
