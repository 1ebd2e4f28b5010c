// The embedded default: nsfwjs' Keras MobileNetV2 converted by loff to ONNX, cached in the model
// store, run by onnxruntime, and compared with tfjs-layers running the very same Keras model.
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  convertEmbeddedMobileNetV2,
  EMBEDDED_MODEL_KEY,
  loadEmbeddedMobileNetV2,
} from "../../src/extract/models/embedded-model.js";
import { loadFeatureModel, type FeatureModel } from "../../src/extract/models/feature-model.js";
import type { KerasModelJson } from "../../src/extract/models/keras-types.js";
import { nsfwjsMobileNetV2Dir } from "../../src/extract/models/nsfwjs-source.js";

const home = mkdtempSync(join(tmpdir(), "loff-home-"));
const savedHome = process.env.LOFF_HOME;
process.env.LOFF_HOME = home;
after(() => {
  if (savedHome === undefined) delete process.env.LOFF_HOME;
  else process.env.LOFF_HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
});

/** Deterministic pseudo-random pixels in [0, 1), NHWC. */
function pixels(batch: number): Float32Array {
  const out = new Float32Array(batch * 224 * 224 * 3);
  let s = 12345;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = (s >>> 8) / 2 ** 24;
  }
  return out;
}

let model: FeatureModel;
let conversionMs = 0;
before(async () => {
  const t0 = performance.now();
  model = await loadFeatureModel({ intraOpThreads: 1 });
  conversionMs = performance.now() - t0;
});
after(() => model.close());

test("the default loads mobilenet-v2 at block_13_expand_relu: a 14x14x576 grid", (t) => {
  t.diagnostic(`first load incl. conversion: ${conversionMs.toFixed(0)} ms`);
  assert.deepEqual([model.gridHeight, model.gridWidth, model.channels], [14, 14, 576]);
  assert.equal(model.spec.preset, "mobilenet-v2");
  assert.equal(model.spec.inputLayout, "nhwc");
  assert.deepEqual(model.provenance.pixelStd, [1, 1, 1]);
  assert.equal(model.provenance.outputNode, "block_13_expand_relu");
});

test("the converted model is stored once with its sha256 and reused", async () => {
  const path = join(home, "models", `${EMBEDDED_MODEL_KEY}.onnx`);
  const bytes = readFileSync(path);
  const sha = createHash("sha256").update(bytes).digest("hex");
  assert.equal(model.provenance.onnxSha256, sha);
  assert.equal(readFileSync(`${path}.sha256`, "utf8"), `${sha}  ${EMBEDDED_MODEL_KEY}.onnx\n`);
  const mtime = statSync(path).mtimeMs;
  const again = await loadEmbeddedMobileNetV2();
  assert.equal(again.created, false);
  assert.equal(again.sha256, sha);
  assert.equal(statSync(path).mtimeMs, mtime);
  // Conversion is deterministic, so the same nsfwjs gives the same sha256 (and provenance) anywhere.
  assert.equal(
    createHash("sha256")
      .update(await convertEmbeddedMobileNetV2())
      .digest("hex"),
    sha,
  );
});

test("features match tfjs-layers running the same Keras model", async (t) => {
  // tfjs decodes the quantised weights itself, so this also checks loff's weight decoding.
  const require = createRequire(import.meta.url);
  const dir = nsfwjsMobileNetV2Dir();
  const json = require(join(dir, "model.min.js")) as KerasModelJson;
  const shard = Buffer.from(require(join(dir, "group1-shard1of1.min.js")) as string, "base64");
  await tf.setBackend("cpu");
  const keras = await tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
      weightData: shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength),
    }),
  );
  const names = ["block_13_expand_relu", "out_relu"];
  const sub = tfl.model({
    inputs: keras.inputs,
    outputs: names.map((n) => keras.getLayer(n).output as tfl.SymbolicTensor),
  });
  const x = pixels(1);
  const outs = sub.predict(tf.tensor4d(x, [1, 224, 224, 3])) as tf.Tensor[];
  const ref = await Promise.all(outs.map((o) => o.data() as Promise<Float32Array>));
  tf.dispose(outs);

  const outRelu = await loadFeatureModel({ output: "out_relu", intraOpThreads: 1 });
  try {
    assert.deepEqual([outRelu.gridHeight, outRelu.gridWidth, outRelu.channels], [7, 7, 1280]);
    for (const [i, m] of [model, outRelu].entries()) {
      const want = ref[i] as Float32Array;
      const { tokens, cls } = await m.run(x, 1);
      assert.equal(tokens.length, want.length);
      let maxDiff = 0;
      for (let k = 0; k < want.length; k++)
        maxDiff = Math.max(maxDiff, Math.abs((tokens[k] as number) - (want[k] as number)));
      t.diagnostic(`${names[i]}: max |onnx - tfjs| = ${maxDiff.toExponential(2)}`);
      assert.ok(maxDiff < 1e-3, `${names[i]} differs from tfjs by ${maxDiff}`);
      // CLS is the global average of the map.
      const c = m.channels;
      for (const ch of [0, 1, c - 1]) {
        let sum = 0;
        for (let p = 0; p < want.length / c; p++) sum += want[p * c + ch] as number;
        assert.ok(Math.abs((cls[ch] as number) - (sum * c) / want.length) < 1e-3, `cls channel ${ch}`);
      }
    }
  } finally {
    await outRelu.close();
  }
});

test("a batch gives each image its own features", async (t) => {
  const x = pixels(4);
  const t0 = performance.now();
  const { tokens, cls } = await model.run(x, 4);
  t.diagnostic(`inference: ${((performance.now() - t0) / 4).toFixed(1)} ms/image (batch 4, 1 thread)`);
  const single = await model.run(x.subarray(3 * 224 * 224 * 3), 1);
  const per = 14 * 14 * 576;
  let maxDiff = 0;
  for (let k = 0; k < per; k++)
    maxDiff = Math.max(maxDiff, Math.abs((tokens[3 * per + k] as number) - (single.tokens[k] as number)));
  assert.ok(maxDiff < 1e-4, `image 3 in a batch differs from alone by ${maxDiff}`);
  assert.notDeepEqual(tokens.subarray(0, 16), tokens.subarray(per, per + 16));
  assert.equal(cls.length, 4 * 576);
});

test("a wrong output name fails with the available layer names", async () => {
  await assert.rejects(loadFeatureModel({ output: "block_99_relu" }), {
    name: "ModelConfigError",
    message:
      /output "block_99_relu" does not exist in .*; available: dense_3, input_1, Conv1_pad, Conv1, .*\(\d+ in all\)/,
  });
  // A non-spatial layer exists but is no feature map.
  await assert.rejects(loadFeatureModel({ output: "dense_1" }), /expects a rank-4 feature map/);
});
