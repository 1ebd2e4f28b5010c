import assert from "node:assert/strict";
import { test } from "node:test";
import { createArrayBatchStreams } from "../../src/trainer/array-batch-streams.js";
import type { TrainBatch } from "../../src/trainer/batch-streams.js";
import { createSyntheticDataset } from "../../src/trainer/synthetic-dataset.js";

const data = createSyntheticDataset({ classes: 3, trainSamples: 10, valSamples: 5, gridHeight: 2, gridWidth: 3, channels: 2, seed: 1, kind: "separable" });

async function collect(it: AsyncIterable<TrainBatch>): Promise<TrainBatch[]> {
  const out: TrainBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

test("each epoch is a seeded permutation in batches that never cross an epoch", async () => {
  const streams = createArrayBatchStreams(data);
  const batches = await collect(streams.train({ epochs: 2, seed: 4, batchSize: 4, augment: "none" }));
  assert.deepEqual(batches.map((b) => [b.epoch, b.batchIndex, b.labels.length]), [[0, 0, 4], [0, 1, 4], [0, 2, 2], [1, 0, 4], [1, 1, 4], [1, 2, 2]]);
  const epoch0 = batches.filter((b) => b.epoch === 0).flatMap((b) => b.ids);
  const epoch1 = batches.filter((b) => b.epoch === 1).flatMap((b) => b.ids);
  assert.deepEqual([...epoch0].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual([...epoch1].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.notDeepEqual(epoch0, epoch1, "epochs are shuffled differently");
  assert.deepEqual(batches[2]?.cursor, { epoch: 1, offset: 0, fingerprint: batches[0]?.cursor.fingerprint });
  // Samples arrive intact: labels and tokens follow the ids.
  const b0 = batches[0] as TrainBatch;
  const id = b0.ids[1] as number;
  assert.equal(b0.labels[1], data.train.labels[id]);
  assert.deepEqual(b0.tokens.subarray(12, 24), data.train.tokens.subarray(id * 12, id * 12 + 12));
  assert.deepEqual(b0.cls?.subarray(2, 4), data.train.cls?.subarray(id * 2, id * 2 + 2));
});

test("a stream started from any batch's cursor continues with exactly the same batches", async () => {
  const streams = createArrayBatchStreams(data);
  const opts = { epochs: 3, seed: 9, batchSize: 3, augment: "hflip" as const };
  const all = await collect(streams.train(opts));
  for (let i = 0; i < all.length; i++) {
    const rest = await collect(streams.train({ ...opts, start: (all[i] as TrainBatch).cursor }));
    assert.deepEqual(rest, all.slice(i + 1), `resume after batch ${i}`);
  }
  const other = (all[0] as TrainBatch).cursor;
  await assert.rejects(collect(streams.train({ ...opts, seed: 10, start: other })), /different stream/);
});

test("hflip mirrors the grid's columns for a seeded half of the samples; val is in order and unaugmented", async () => {
  const streams = createArrayBatchStreams(data);
  const flipped = (await collect(streams.train({ epochs: 1, seed: 2, batchSize: 10, augment: "hflip" })))[0] as TrainBatch;
  let flips = 0;
  flipped.ids.forEach((id, k) => {
    const src = data.train.tokens.subarray(id * 12, id * 12 + 12);
    const got = flipped.tokens.subarray(k * 12, k * 12 + 12);
    // Row y, column x of the flipped grid is column (2 - x) of the source (2 channels per token).
    const mirrored = Float32Array.from({ length: 12 }, (_, j) => {
      const [c, x, y] = [j % 2, Math.floor(j / 2) % 3, Math.floor(j / 6)];
      return src[(y * 3 + (2 - x)) * 2 + c] as number;
    });
    if (got.every((v, j) => v === mirrored[j])) flips++;
    else assert.deepEqual(got, src);
  });
  assert.ok(flips > 0 && flips < 10, `${flips} of 10 flipped`);
  const val = await collect(streams.val({ batchSize: 4 }));
  assert.deepEqual(val.flatMap((b) => b.ids), [10, 11, 12, 13, 14]);
  assert.deepEqual(val.flatMap((b) => [...b.labels]), [...data.val.labels]);
  await assert.rejects(collect(streams.train({ epochs: 1, seed: 2, batchSize: 4, augment: "loff-ta" })), /support augment/);
});
