// The ViT token path through the whole extraction: a user preset over a tiny ONNX ViT; the cache holds
// the patch grid and the CLS token (token 0) exactly as the model produced them, rounded to fp16.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { openCacheReader } from "../../src/cache/index.js";
import { toFloat16 } from "../../src/contract/float16.js";
import { preprocessImage } from "../../src/extract/image/index.js";
import { loadFeatureModel } from "../../src/extract/models/feature-model.js";
import { listImageSources } from "../../src/extract/sources/index.js";
import { copyEmbeddedSubset } from "../helpers/embedded-images.js";
import { runCliInProcess } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";
import { buildTinyVitOnnx, TINY_DIM, TINY_PATCH, TINY_SIZE } from "../helpers/tiny-vit-onnx.js";

test("extracting with a ViT preset stores the patch grid and the CLS token", async (t) => {
  const root = tempDir(t);
  writeFileSync(join(root, "tiny.onnx"), buildTinyVitOnnx());
  const preset = join(root, "tiny.json");
  writeFileSync(
    preset,
    JSON.stringify({
      name: "tiny-vit",
      family: "vit",
      onnx: "tiny.onnx",
      inputHeight: TINY_SIZE,
      inputWidth: TINY_SIZE,
      resize: "resize",
      pixelMean: [0.5, 0.5, 0.5],
      pixelStd: [0.25, 0.25, 0.25],
      inputLayout: "nchw",
      outputNode: "last_hidden_state",
      patchSize: TINY_PATCH,
    }),
  );
  const images = join(root, "images");
  copyEmbeddedSubset(images, 2, 3);
  const out = join(root, "cache");
  const r = await runCliInProcess(["extract", "--images", images, "--out", out, "--model", preset, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const reader = openCacheReader(out);
  t.after(() => reader.close());
  const m = reader.manifest;
  assert.equal(m.model.family, "vit");
  assert.equal(m.model.preset, "tiny-vit");
  assert.deepEqual([m.gridHeight, m.gridWidth, m.channels], [2, 2, TINY_DIM]);

  // The same image through the model directly: cached tokens and CLS are its outputs in fp16.
  const listing = await listImageSources(images, {});
  const model = await loadFeatureModel({ model: preset });
  t.after(() => model.close());
  const item = listing.items[1]!;
  const px = new Float32Array(3 * TINY_SIZE * TINY_SIZE);
  await preprocessImage(item.path, model.spec, px, 0);
  const direct = await model.run(px, 1);
  const rec = reader.get(item.id);
  assert.deepEqual(Array.from(rec.tokens), Array.from(direct.tokens, toFloat16));
  assert.deepEqual(Array.from(rec.cls), Array.from(direct.cls, toFloat16));
  assert.equal(rec.label, item.label);
});
