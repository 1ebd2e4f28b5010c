// Model selection and the model store: how `--model` values resolve, how user presets are
// validated, and how converted models are cached on disk.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadFeatureModel } from "../../src/extract/models/feature-model.js";
import { ensureStoredModel, loffCacheDir, sha256Hex } from "../../src/extract/models/model-store.js";
import { PRESETS } from "../../src/extract/models/presets.js";
import { resolveModel } from "../../src/extract/models/resolve-model.js";

const dir = mkdtempSync(join(tmpdir(), "loff-presets-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("--model values resolve to the embedded default, preset:file, or fail with the way to fix it", async () => {
  const def = await resolveModel(undefined);
  assert.deepEqual(def.source, { kind: "embedded" });
  assert.equal(def.spec.outputNode, "block_13_expand_relu");
  const dino = await resolveModel("dinov2-vitg14:/models/g14.onnx");
  assert.deepEqual(dino.source, { kind: "file", path: "/models/g14.onnx" });
  assert.equal(dino.spec.preset, "dinov2-vitg14");
  assert.equal(dino.spec.resizeShorter, 256);
  assert.equal(dino.spec.patchSize, 14);
  await assert.rejects(resolveModel("dinov2-vitb14"), /needs an ONNX file: --model dinov2-vitb14:\/path/);
  await assert.rejects(resolveModel("resnet"), {
    name: "ModelConfigError",
    message:
      /unknown model preset "resnet" \(presets: mobilenet-v2, dinov2-vitb14, dinov2-vitg14, imagenet-cnn\)/,
  });
  await assert.rejects(
    resolveModel("/m/model.onnx"),
    /an ONNX file needs a preset .*--model dinov2-vitb14:\/m\/model\.onnx/,
  );
  await assert.rejects(resolveModel("dinov2-vitb14:"), /path after ":" is empty/);
});

test("every built-in preset is valid and ViT grids are 16x16", async () => {
  for (const [name, p] of Object.entries(PRESETS)) {
    const r = await resolveModel(p.embedded ? name : `${name}:/x.onnx`);
    assert.equal(r.spec.preset, name);
    if (r.spec.family === "vit") assert.equal(r.spec.inputHeight / (r.spec.patchSize as number), 16);
  }
});

const base = {
  name: "mine",
  family: "vit",
  onnx: "mine.onnx",
  inputHeight: 224,
  inputWidth: 224,
  resize: "resize-crop",
  pixelMean: [0.5, 0.5, 0.5],
  pixelStd: [0.5, 0.5, 0.5],
  inputLayout: "nchw",
  patchSize: 16,
};

async function presetError(json: unknown): Promise<string> {
  const path = join(dir, "p.json");
  writeFileSync(path, typeof json === "string" ? json : JSON.stringify(json));
  try {
    await resolveModel(path);
  } catch (err) {
    assert.equal((err as Error).name, "ModelConfigError");
    return (err as Error).message;
  }
  return "no error";
}

test("a user preset JSON resolves with its onnx path relative to the file", async () => {
  const path = join(dir, "ok.json");
  writeFileSync(path, JSON.stringify(base));
  const r = await resolveModel(path);
  assert.deepEqual(r.source, { kind: "file", path: join(dir, "mine.onnx") });
  assert.equal(r.spec.preset, "mine");
  assert.equal(r.spec.outputNode, "", "no outputNode = the model's first output");
});

test("user preset mistakes are named precisely", async () => {
  assert.match(await presetError("{"), /is not valid JSON/);
  assert.match(await presetError([1]), /must be a JSON object/);
  assert.match(await presetError({ ...base, inputHieght: 3 }), /unknown key "inputHieght"/);
  assert.match(await presetError({ ...base, name: undefined }), /"name" is required/);
  assert.match(await presetError({ ...base, name: "a b" }), /"name" must be letters/);
  assert.match(await presetError({ ...base, family: "rnn" }), /"family" must be "vit" or "cnn"/);
  assert.match(
    await presetError({ ...base, inputWidth: "224" }),
    /"inputWidth" must be a positive integer \(got "224"\)/,
  );
  assert.match(await presetError({ ...base, patchSize: 15 }), /224x224 is not a multiple of "patchSize" 15/);
  assert.match(
    await presetError({ ...base, patchSize: undefined }),
    /"patchSize" must be a positive integer/,
  );
  assert.match(
    await presetError({ ...base, pixelStd: [1, 0, 1] }),
    /"pixelStd" must be three positive numbers/,
  );
  assert.match(
    await presetError({ ...base, resizeShorter: 200 }),
    /"resizeShorter" \(200\) must be at least/,
  );
  assert.match(await presetError({ ...base, inputLayout: undefined }), /"inputLayout" is required/);
  assert.match(await presetError({ ...base, onnx: undefined }), /"onnx" is required/);
  assert.match(await presetError({ ...base, family: "cnn", patchSize: 16 }), /"patchSize" only applies/);
  assert.match(await presetError({ name: "x", extends: "vgg" }), /"extends" must name a built-in preset/);
  await assert.rejects(resolveModel(join(dir, "missing.json")), /cannot read preset .*missing\.json/);
});

test("a preset extending mobilenet-v2 without onnx uses the embedded model", async () => {
  const path = join(dir, "mnv2.json");
  writeFileSync(path, JSON.stringify({ name: "mnv2-top", extends: "mobilenet-v2", outputNode: "out_relu" }));
  const r = await resolveModel(path);
  assert.deepEqual(r.source, { kind: "embedded" });
  assert.equal(r.spec.outputNode, "out_relu");
  assert.equal(r.spec.family, "cnn");
});

test("unreadable or non-ONNX model files fail at load with the path", async () => {
  await assert.rejects(
    loadFeatureModel({ model: `dinov2-vitb14:${join(dir, "nope.onnx")}` }),
    /cannot read ONNX file .*nope\.onnx/,
  );
  const junk = join(dir, "junk.onnx");
  writeFileSync(junk, "this is not a protobuf\n");
  await assert.rejects(loadFeatureModel({ model: `dinov2-vitb14:${junk}` }), {
    name: "ModelConfigError",
    message: /junk\.onnx/,
  });
});

test("the model store builds once, reuses, and rebuilds a damaged file", async () => {
  const cache = join(dir, "store");
  let builds = 0;
  const build = async (): Promise<Uint8Array> => {
    builds++;
    return new TextEncoder().encode("model bytes");
  };
  const first = await ensureStoredModel("m.r1", build, cache);
  assert.equal(first.created, true);
  assert.equal(first.sha256, sha256Hex(new TextEncoder().encode("model bytes")));
  assert.equal(
    readFileSync(join(cache, "models", "m.r1.onnx.sha256"), "utf8"),
    `${first.sha256}  m.r1.onnx\n`,
  );
  const second = await ensureStoredModel("m.r1", build, cache);
  assert.deepEqual([second.created, builds], [false, 1]);
  writeFileSync(join(cache, "models", "m.r1.onnx"), "model bytez");
  const repaired = await ensureStoredModel("m.r1", build, cache);
  assert.deepEqual([repaired.created, builds], [true, 2]);
  assert.equal(readFileSync(join(cache, "models", "m.r1.onnx"), "utf8"), "model bytes");
  assert.deepEqual(
    readdirSync(join(cache, "models")).sort(),
    ["m.r1.onnx", "m.r1.onnx.sha256"],
    "no temp files left",
  );
  await assert.rejects(ensureStoredModel("../x", build, cache), /bad model store key/);
});

test("the cache directory is LOFF_HOME, else XDG_CACHE_HOME/loff, else ~/.cache/loff", () => {
  assert.equal(loffCacheDir({ LOFF_HOME: "/a", XDG_CACHE_HOME: "/b" }), "/a");
  assert.equal(loffCacheDir({ XDG_CACHE_HOME: "/b" }), "/b/loff");
  assert.match(loffCacheDir({}), /\.cache\/loff$/);
});
