// The three training cases of bench:train, each one runTraining over a different BatchStreams with
// the same head, batch size, epochs and seed: features streamed from a real server over loopback,
// the same features read from the cache in-process, and features computed from augmented images
// by the frozen backbone on every step. Throughput is runTraining's samples_per_s: samples
// trained / (time waiting for batches + time in training steps); validation is not counted.
import { basename } from "node:path";
import { pino } from "pino";
import { createAugmenter } from "../../src/augment/index.js";
import type { FeatureModel } from "../../src/extract/models/feature-model.js";
import { createAugmentEngine, createFeatureServer } from "../../src/server/index.js";
import type { BackendChoice } from "../../src/trainer/backend.js";
import type { BatchStreams } from "../../src/trainer/batch-streams.js";
import { createCacheBatchStreams } from "../../src/trainer/cache-batch-streams.js";
import type { HeadKind } from "../../src/trainer/head-config.js";
import { createRemoteBatchStreams } from "../../src/trainer/remote-streams.js";
import { runTraining, type TrainSummary } from "../../src/trainer/train-loop.js";
import type { TrainBenchData } from "./train-dataset.js";
import { createImageBatchStreams } from "./train-image-streams.js";

/** What every case shares. */
export interface CaseSettings {
  head: HeadKind;
  batchSize: number;
  epochs: number;
  seed: number;
  backend: BackendChoice;
  /** Tensor augmentation preset of the feature cases. */
  augment: string;
  /** CPU augmentation worker threads (server and in-process alike). */
  workers: number;
}

/** One case's figures. */
export interface CaseResult {
  samples_per_s: number;
  input_wait_s: number;
  compute_s: number;
  steps: number;
  val_accuracy: number;
  backend: string;
}

function resultOf(s: TrainSummary): CaseResult {
  return { samples_per_s: s.samples_per_s, input_wait_s: s.input_wait_s, compute_s: s.compute_s, steps: s.steps, val_accuracy: s.val_accuracy, backend: s.backend };
}

function train(streams: BatchStreams, s: CaseSettings, augment: string, maxSteps?: number): Promise<TrainSummary> {
  return runTraining(streams, { head: s.head, batchSize: s.batchSize, epochs: s.epochs, seed: s.seed, backend: s.backend, augment, maxSteps });
}

/** A few untimed steps in-process, so the first measured case does not pay the backend's first-use costs. */
export async function warmUp(data: TrainBenchData, s: CaseSettings): Promise<void> {
  const streams = createCacheBatchStreams({ cacheDir: data.cacheDir });
  try {
    await train(streams, s, "none", 3);
  } finally {
    await streams.close();
  }
}

/** Training from a feature server on 127.0.0.1:0 with a CPU augmentation engine, through the TypeScript client. */
export async function streamCase(data: TrainBenchData, s: CaseSettings): Promise<CaseResult> {
  const engine = createAugmentEngine(await createAugmenter({ device: "cpu", workers: s.workers }));
  try {
    const server = await createFeatureServer({ cacheDir: data.cacheDir, address: "127.0.0.1:0", log: pino({ level: "silent" }), engine });
    try {
      const streams = await createRemoteBatchStreams({ client: { address: `127.0.0.1:${server.port}` }, dataset: basename(data.cacheDir) });
      try {
        return resultOf(await train(streams, s, s.augment));
      } finally {
        streams.close();
      }
    } finally {
      await server.close();
    }
  } finally {
    await engine.close();
  }
}

/** Training from the same cache read in this process, augmented by the same policy. */
export async function inProcessCase(data: TrainBenchData, s: CaseSettings): Promise<CaseResult> {
  const augmenter = await createAugmenter({ device: "cpu", workers: s.workers });
  try {
    const streams = createCacheBatchStreams({ cacheDir: data.cacheDir, augmenter });
    try {
      return resultOf(await train(streams, s, s.augment));
    } finally {
      await streams.close();
    }
  } finally {
    await augmenter.close();
  }
}

/** Training on augmented images through the frozen backbone ("Frozen + linear"); validation features come from the cache. */
export async function imageCase(data: TrainBenchData, model: FeatureModel, s: CaseSettings): Promise<CaseResult> {
  const cache = createCacheBatchStreams({ cacheDir: data.cacheDir });
  try {
    const streams = createImageBatchStreams({
      model,
      train: data.listing.items.filter((i) => i.split === "train"),
      labelNames: data.listing.labelNames,
      val: (v) => cache.val(v),
    });
    return resultOf(await train(streams, s, "image"));
  } finally {
    await cache.close();
  }
}
