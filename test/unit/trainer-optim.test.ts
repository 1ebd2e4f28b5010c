import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { clipByGlobalNorm, createAdamW } from "../../src/trainer/adamw.js";
import { selectBackend } from "../../src/trainer/backend.js";
import { smoothedCrossEntropy } from "../../src/trainer/loss.js";
import { createParamStore } from "../../src/trainer/params.js";
import { learningRate } from "../../src/trainer/schedule.js";

before(async () => {
  await selectBackend("cpu");
});

const close = (a: number, b: number, tol = 1e-6): void => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} != ${b}`);

test("warm-up rises linearly to the peak, then the cosine falls to the floor at the last step", () => {
  const s = { peak: 1, floor: 0.1, warmupSteps: 4, totalSteps: 14 };
  assert.deepEqual([0, 1, 2, 3].map((i) => learningRate(s, i)), [0.25, 0.5, 0.75, 1]);
  close(learningRate(s, 4), 1);
  close(learningRate(s, 13), 0.1);
  close(learningRate(s, 4 + 4.5), 0.55); // half-way through the cosine
  for (let i = 5; i < 14; i++) assert.ok(learningRate(s, i) < learningRate(s, i - 1));
  close(learningRate({ ...s, warmupSteps: 0 }, 0), 1);
});

test("AdamW matches a hand computation, decays only decay-flagged parameters, and restores state exactly", async () => {
  const params = createParamStore(
    [
      { name: "w", shape: [2], init: "ones", decay: true },
      { name: "b", shape: [2], init: "ones", decay: false },
    ],
    0,
  );
  const cfg = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 };
  const opt = createAdamW(params, cfg);
  const g = (): Map<string, tf.Tensor> => new Map([["w", tf.tensor1d([0.5, 0])], ["b", tf.tensor1d([-2, 0])]]);
  const lr = 0.01;
  opt.apply(g(), lr);
  // Step 1: m̂ = g, v̂ = g², so the Adam part is lr·sign(g) (for g ≠ 0); decay multiplies w by 1 − lr·wd.
  const w = params.get("w").dataSync();
  const b = params.get("b").dataSync();
  close(w[0] as number, 1 * (1 - lr * 0.1) - lr * (0.5 / (0.5 + 1e-8)));
  close(w[1] as number, 1 - lr * 0.1); // zero gradient: decay only
  close(b[0] as number, 1 + lr * (2 / (2 + 1e-8)));
  close(b[1] as number, 1); // no decay on biases
  opt.apply(g(), lr);
  const state = await opt.read();
  assert.equal(state.step, 2);
  close(state.m.get("w")?.[0] as number, 0.9 * 0.05 + 0.05);
  close(state.v.get("b")?.[0] as number, 0.999 * 0.004 + 0.004);
  // A fresh optimizer given the saved state and weights continues identically.
  const params2 = createParamStore(params.specs, 1);
  params2.write(await params.read());
  const opt2 = createAdamW(params2, cfg);
  opt2.write(state);
  opt.apply(g(), lr);
  opt2.apply(g(), lr);
  assert.deepEqual(params2.get("w").dataSync(), params.get("w").dataSync());
  assert.deepEqual(params2.get("b").dataSync(), params.get("b").dataSync());
  assert.throws(() => opt2.write({ step: 1, m: new Map(), v: new Map() }), /missing/);
});

test("clipping by global norm rescales only when the norm exceeds the limit", async () => {
  const grads = new Map<string, tf.Tensor>([["a", tf.tensor1d([3])], ["b", tf.tensor1d([4])]]);
  assert.equal(await clipByGlobalNorm(grads, 10), 5);
  assert.deepEqual(grads.get("a")?.dataSync(), new Float32Array([3]));
  const norm = await clipByGlobalNorm(grads, 1);
  assert.equal(norm, 5);
  close(grads.get("a")?.dataSync()[0] as number, 0.6, 1e-5);
  close(grads.get("b")?.dataSync()[0] as number, 0.8, 1e-5);
  assert.equal(await clipByGlobalNorm(new Map([["c", tf.tensor1d([30, 40])]]), 0), 50, "0 disables clipping");
});

test("label-smoothed cross-entropy matches the closed form", () => {
  const k = 4;
  const eps = 0.1;
  const logits = tf.tensor2d([[2, 0, 0, 0], [0, 0, 0, 0]]);
  const labels = tf.tensor1d([0, 3], "int32");
  const got = smoothedCrossEntropy(logits, labels, eps).dataSync()[0] as number;
  const z = Math.log(Math.exp(2) + 3);
  const row0 = -((1 - eps + eps / k) * (2 - z) + 3 * (eps / k) * (0 - z));
  const row1 = Math.log(4);
  close(got, (row0 + row1) / 2, 1e-5);
  close(smoothedCrossEntropy(logits, labels, 0).dataSync()[0] as number, ((z - 2) + Math.log(4)) / 2, 1e-5);
});
