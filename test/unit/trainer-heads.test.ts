import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { createArrayBatchStreams } from "../../src/trainer/array-batch-streams.js";
import { selectBackend } from "../../src/trainer/backend.js";
import { resolveHeadConfig } from "../../src/trainer/head-config.js";
import { createHead, headInputs } from "../../src/trainer/heads/create-head.js";
import { createSyntheticDataset } from "../../src/trainer/synthetic-dataset.js";
import { runTraining } from "../../src/trainer/train-loop.js";

before(async () => {
  await selectBackend("wasm");
});

const shape = { channels: 8, gridHeight: 4, gridWidth: 4, numClasses: 4 };

for (const kind of ["linear", "mlp", "vit"] as const) {
  test(`${kind} head memorises 16 random-label samples to 100% training accuracy`, async () => {
    const data = createSyntheticDataset({ classes: 4, trainSamples: 16, valSamples: 1, gridHeight: 4, gridWidth: 4, channels: 8, seed: 7, kind: "random" });
    // Evaluate on the training samples themselves: this is a capacity test, not generalisation.
    data.val = data.train;
    const before = new Set(data.train.labels);
    assert.equal(before.size, 4, "all four classes present");
    const s = await runTraining(createArrayBatchStreams(data), {
      head: kind, dim: 32, hidden: 64, depth: 1, heads: 2, epochs: 50, batchSize: 8, lr: 1e-2, weightDecay: 0, backend: "wasm", seed: 3,
    });
    assert.equal(s.val_accuracy, 1, `${kind}: accuracy ${s.val_accuracy}\n${s.report_text}`);
    assert.equal(s.steps, 100);
    assert.equal(s.history.length, 50);
    assert.ok((s.history.at(-1)?.train_loss ?? Infinity) < (s.history[0]?.train_loss ?? 0), "training loss decreased");
  });
}

test("head init is a pure function of the seed", async () => {
  const a = createHead(resolveHeadConfig(shape, { kind: "vit", dim: 16, heads: 2, depth: 1, seed: 5 }));
  const b = createHead(resolveHeadConfig(shape, { kind: "vit", dim: 16, heads: 2, depth: 1, seed: 5 }));
  const c = createHead(resolveHeadConfig(shape, { kind: "vit", dim: 16, heads: 2, depth: 1, seed: 6 }));
  const wa = await a.params.read();
  const wb = await b.params.read();
  const wc = await c.params.read();
  for (const [name, v] of wa) assert.deepEqual(wb.get(name), v, name);
  assert.notDeepEqual(wc.get("proj/w"), wa.get("proj/w"));
  assert.deepEqual(wa.get("proj_ln/g"), new Float32Array(16).fill(1));
  assert.deepEqual([...(wa.keys())].slice(0, 5), ["proj/w", "proj/b", "proj_ln/g", "proj_ln/b", "pos_embed"]);
  assert.deepEqual(a.params.get("pos_embed").shape, [17, 16]);
  for (const h of [a, b, c]) h.dispose();
});

test("heads map [B,H,W,C] tokens to [B,K] logits; a missing CLS is the token mean", () => {
  for (const kind of ["linear", "mlp", "vit"] as const) {
    const head = createHead(resolveHeadConfig(shape, { kind, dim: 16, heads: 4, depth: 2, hidden: 8 }));
    const tokens = Float32Array.from({ length: 3 * 16 * 8 }, (_, i) => Math.sin(i));
    const mean = new Float32Array(3 * 8);
    for (let b = 0; b < 3; b++) for (let n = 0; n < 16; n++) for (let c = 0; c < 8; c++) mean[b * 8 + c] = (mean[b * 8 + c] as number) + (tokens[(b * 16 + n) * 8 + c] as number) / 16;
    const run = (cls?: Float32Array): Float32Array =>
      tf.tidy(() => {
        const x = headInputs(head.config, tokens, cls);
        const y = head.apply(x.tokens, x.cls);
        assert.deepEqual(y.shape, [3, 4]);
        return y.dataSync() as Float32Array;
      });
    const implicit = run();
    const explicit = run(mean);
    implicit.forEach((v, i) => assert.ok(Math.abs(v - (explicit[i] as number)) < 1e-5, `${kind} logit ${i}`));
    assert.throws(() => headInputs(head.config, new Float32Array(10), undefined), /not a multiple/);
    head.dispose();
  }
});

test("head config is validated, not clamped", () => {
  assert.throws(() => resolveHeadConfig(shape, { dim: 30, heads: 4 }), /not divisible/);
  assert.throws(() => resolveHeadConfig({ ...shape, numClasses: 1 }), /numClasses/);
  assert.throws(() => resolveHeadConfig(shape, { kind: "cnn" as "vit" }), /head must be one of/);
  assert.equal(resolveHeadConfig(shape).dim, 128);
});
