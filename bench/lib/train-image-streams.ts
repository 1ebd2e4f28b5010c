// BatchStreams fed by images: the paper's "Frozen + linear" input path. Each training batch
// decodes its images with image augmentation (train-image-augment.ts) and runs the frozen backbone
// forward, so the trainer sees features of augmented images, computed on every step. Decoding of
// the next batch overlaps the current step (as a data loader's workers would); the backbone runs
// when the trainer asks for the batch, so its time counts as input wait. The sample order is the
// server's (epochOrder), so all benchmark cases visit the same samples.
import type { FeatureModel } from "../../src/extract/models/feature-model.js";
import type { ImageSource } from "../../src/extract/sources/index.js";
import { epochOrder } from "../../src/server/sample-order.js";
import type { BatchStreams, TrainBatch, TrainStreamOptions } from "../../src/trainer/batch-streams.js";
import { createRng, mixSeed } from "../../src/trainer/rng.js";
import { augmentImageInto } from "./train-image-augment.js";

/** What the image streams read. */
export interface ImageStreamsOptions {
  model: FeatureModel;
  /** Training images (ids and labels as the cache has them). */
  train: ImageSource[];
  labelNames: string[];
  /** Validation batches: the backbone on un-augmented images, i.e. what the cache holds, so they are taken from there. */
  val: BatchStreams["val"];
}

/** Creates streams that compute features from augmented images on every step; `augment` of a train request is ignored. */
export function createImageBatchStreams(o: ImageStreamsOptions): BatchStreams {
  const { model } = o;
  const per = 3 * model.spec.inputHeight * model.spec.inputWidth;
  const n = o.train.length;
  return {
    info: { gridHeight: model.gridHeight, gridWidth: model.gridWidth, channels: model.channels, labelNames: [...o.labelNames], trainSamples: n },
    async *train(t: TrainStreamOptions): AsyncGenerator<TrainBatch> {
      if (t.start !== undefined) throw new RangeError("image streams start at the beginning");
      const perEpoch = Math.ceil(n / t.batchSize);
      const batches = (function* () {
        for (let epoch = 0; epoch < t.epochs; epoch++) {
          const order = epochOrder(n, t.seed, epoch, true);
          for (let index = 0; index < perEpoch; index++) {
            const items = Array.from(order.subarray(index * t.batchSize, Math.min(n, (index + 1) * t.batchSize)), (i) => o.train[i] as ImageSource);
            yield { epoch, index, items };
          }
        }
      })();
      const decode = async (b: { epoch: number; index: number; items: ImageSource[] }): Promise<{ pixels: Float32Array; b: typeof b }> => {
        const pixels = new Float32Array(b.items.length * per);
        await Promise.all(b.items.map((it, k) => augmentImageInto(it.path, model.spec, createRng(mixSeed(t.seed, b.epoch, it.id)), pixels, k)));
        return { pixels, b };
      };
      const first = batches.next();
      let pending = first.done === true ? undefined : decode(first.value);
      try {
        while (pending !== undefined) {
          const { pixels, b } = await pending;
          const next = batches.next();
          pending = next.done === true ? undefined : decode(next.value);
          // A decode failure while the trainer works surfaces at the next await, not as an unhandled rejection.
          pending?.catch(() => undefined);
          const { tokens, cls } = await model.run(pixels, b.items.length);
          const last = b.index + 1 === perEpoch;
          const end = Math.min(n, (b.index + 1) * t.batchSize);
          yield {
            tokens,
            cls,
            labels: Int32Array.from(b.items, (it) => it.label),
            ids: b.items.map((it) => it.id),
            cursor: { epoch: last ? b.epoch + 1 : b.epoch, offset: last ? 0 : end, fingerprint: 0 },
            epoch: b.epoch,
            batchIndex: b.index,
          };
        }
      } finally {
        // An early stop must not leave decoding running against a model about to close.
        await pending?.catch(() => undefined);
      }
    },
    val: o.val,
  };
}
