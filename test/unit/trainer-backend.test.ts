import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { BACKEND_CHOICES, selectBackend } from "../../src/trainer/backend.js";
import { createArrayBatchStreams } from "../../src/trainer/array-batch-streams.js";
import type { BatchStreams, TrainBatch } from "../../src/trainer/batch-streams.js";
import { createSyntheticDataset } from "../../src/trainer/synthetic-dataset.js";
import { runTraining } from "../../src/trainer/train-loop.js";

test("explicit backends run or fail loudly; auto falls back in priority order and reports what it skipped", async () => {
  const cpu = await selectBackend("cpu");
  assert.deepEqual(cpu, { backend: "cpu", tfjsBackend: "cpu", skipped: [] });
  assert.equal(tf.getBackend(), "cpu");
  const wasm = await selectBackend("wasm");
  assert.equal(wasm.tfjsBackend, "wasm");
  assert.equal(tf.getBackend(), "wasm");
  // tfjs-node-gpu is only present in GPU images; elsewhere the request names why it cannot run.
  await selectBackend("node-gpu").then(
    (r) => assert.equal(r.tfjsBackend, "tensorflow"),
    (e: Error) => assert.match(e.message, /^backend node-gpu is unavailable: /),
  );
  const auto = await selectBackend("auto");
  const order = ["node-gpu", "webgpu", "wasm", "cpu"];
  assert.deepEqual(auto.skipped.map((s) => s.backend), order.slice(0, order.indexOf(auto.backend)));
  for (const s of auto.skipped) assert.ok(s.reason.length > 0 && !s.reason.includes("\n"));
  assert.equal(tf.getBackend(), auto.tfjsBackend);
  await assert.rejects(selectBackend("tpu" as "cpu"), /backend must be one of/);
  assert.deepEqual([...BACKEND_CHOICES], ["auto", ...order]);
});

test("cpu and wasm backends train to the same numbers (to float tolerance)", async () => {
  const data = createSyntheticDataset({ classes: 3, trainSamples: 12, valSamples: 6, gridHeight: 2, gridWidth: 2, channels: 4, seed: 8, kind: "separable" });
  const opts = { head: "vit" as const, dim: 8, heads: 2, depth: 1, epochs: 2, batchSize: 4 };
  const a = await runTraining(createArrayBatchStreams(data), { ...opts, backend: "cpu" });
  const b = await runTraining(createArrayBatchStreams(data), { ...opts, backend: "wasm" });
  assert.equal(a.backend, "cpu");
  assert.equal(b.backend, "wasm");
  a.history.forEach((h, i) => assert.ok(Math.abs(h.train_loss - (b.history[i]?.train_loss ?? NaN)) < 1e-4, `epoch ${i}`));
});

test("where a WebGPU adapter exists (hardware or software), training on it matches wasm", async () => {
  const data = createSyntheticDataset({ classes: 3, trainSamples: 12, valSamples: 6, gridHeight: 2, gridWidth: 2, channels: 4, seed: 8, kind: "separable" });
  const opts = { head: "vit" as const, dim: 8, heads: 2, depth: 1, epochs: 2, batchSize: 4 };
  const reference = await runTraining(createArrayBatchStreams(data), { ...opts, backend: "wasm" });
  const gpu = await runTraining(createArrayBatchStreams(data), { ...opts, backend: "webgpu" }).catch((e: Error) => e);
  if (gpu instanceof Error) {
    assert.match(gpu.message, /^backend webgpu is unavailable: /);
    return;
  }
  assert.equal(gpu.backend, "webgpu");
  reference.history.forEach((h, i) => assert.ok(Math.abs(h.train_loss - (gpu.history[i]?.train_loss ?? NaN)) < 1e-4, `epoch ${i}`));
  assert.deepEqual(gpu.confusion_matrix, reference.confusion_matrix);
});

test("input wait counts the time blocked on the stream, separately from compute", async () => {
  const data = createSyntheticDataset({ classes: 2, trainSamples: 8, valSamples: 2, gridHeight: 1, gridWidth: 1, channels: 2, seed: 1, kind: "random" });
  const inner = createArrayBatchStreams(data);
  const spinMs = 30;
  // A source that is busy for spinMs before each batch (a slow producer; no timers involved).
  const slow: BatchStreams = {
    info: inner.info,
    val: (o) => inner.val(o),
    async *train(o): AsyncGenerator<TrainBatch> {
      for await (const b of inner.train(o)) {
        const until = performance.now() + spinMs;
        while (performance.now() < until);
        yield b;
      }
    },
  };
  const s = await runTraining(slow, { head: "linear", dim: 4, epochs: 1, batchSize: 2, backend: "wasm" });
  assert.equal(s.steps, 4);
  assert.ok(s.input_wait_s >= (4 * spinMs) / 1000, `input wait ${s.input_wait_s}`);
  assert.ok(s.compute_s < s.input_wait_s, `compute ${s.compute_s} is not charged the producer's time`);
  assert.ok(Math.abs(s.samples_per_s - 8 / (s.input_wait_s + s.compute_s)) < 1e-9);
});
