import assert from "node:assert/strict";
import { test } from "node:test";
import { createArrayBatchStreams } from "../../src/trainer/array-batch-streams.js";
import { createSyntheticDataset } from "../../src/trainer/synthetic-dataset.js";
import { runTraining, type TrainProgress } from "../../src/trainer/train-loop.js";

test("a linear head learns a linearly separable task and reports honest validation numbers", async () => {
  // Weak signal per token (0.25 σ) that only pooling over the 16 tokens makes reliably separable.
  const data = createSyntheticDataset({ classes: 4, trainSamples: 96, valSamples: 64, gridHeight: 4, gridWidth: 4, channels: 12, seed: 3, kind: "separable", signal: 0.25, withCls: false });
  const events: TrainProgress[] = [];
  const s = await runTraining(createArrayBatchStreams(data), { head: "linear", dim: 16, epochs: 6, batchSize: 16, lr: 3e-3, augment: "hflip", backend: "wasm" }, { onProgress: (e) => events.push(e) });
  assert.ok(s.val_accuracy >= 0.9, `val accuracy ${s.val_accuracy}\n${s.report_text}`);
  assert.ok(s.mean_class_accuracy >= 0.9);
  assert.equal(s.history.length, 6);
  assert.ok((s.history[0]?.val_loss ?? 0) > (s.history[5]?.val_loss ?? Infinity), "validation loss falls");
  // The confusion matrix accounts for every validation sample, 16 per class.
  assert.deepEqual(s.confusion_matrix.map((r) => r.reduce((a, b) => a + b, 0)), [16, 16, 16, 16]);
  const diag = s.confusion_matrix.reduce((n, r, i) => n + (r[i] ?? 0), 0);
  assert.equal(diag / 64, s.val_accuracy);
  assert.deepEqual(Object.keys(s.per_class_accuracy), data.labelNames);
  assert.match(s.report_text, /confusion matrix/);
  // Progress: start, 36 steps (6 per epoch), one epoch event after each 6 steps.
  assert.equal(events[0]?.kind, "start");
  const kinds = events.slice(1).map((e) => e.kind).join(",");
  assert.equal(kinds, Array.from({ length: 6 }, () => [...Array<string>(6).fill("step"), "epoch"].join(",")).join(","));
  const steps = events.filter((e): e is Extract<TrainProgress, { kind: "step" }> => e.kind === "step");
  // Warm-up then cosine: the learning rate peaks after 10% of the steps and ends near zero.
  const lrs = steps.map((e) => e.lr);
  assert.ok(Math.abs(Math.max(...lrs) - 3e-3) < 1e-12);
  assert.ok((lrs.at(-1) ?? 1) < 1e-4);
  assert.ok(s.samples_per_s > 0 && s.input_wait_s >= 0 && s.compute_s > 0);
  assert.equal(s.samples_seen, 6 * 96);
});

test("bad options are rejected with a one-line reason before any work", async () => {
  const data = createSyntheticDataset({ classes: 2, trainSamples: 4, valSamples: 2, gridHeight: 1, gridWidth: 1, channels: 2, seed: 1, kind: "random" });
  const streams = createArrayBatchStreams(data);
  await assert.rejects(runTraining(streams, { epochs: 0 }), /epochs must be a positive integer/);
  await assert.rejects(runTraining(streams, { head: "resnet" as "vit" }), /head must be one of linear, mlp, vit/);
  await assert.rejects(runTraining(streams, { backend: "tpu" as "cpu" }), /backend must be one of/);
  await assert.rejects(runTraining(streams, { labelSmoothing: 1 }), /labelSmoothing/);
  await assert.rejects(runTraining(streams, { dim: 10, heads: 4 }), /not divisible/);
});
