// The ViT token path end to end: a user preset JSON over a tiny ONNX graph with known weights,
// loaded by loadFeatureModel and checked against the same computation done by hand.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadFeatureModel } from "../../src/extract/models/feature-model.js";
import { onnx } from "../../src/extract/models/onnx-builder.js";
import { selectOutput } from "../../src/extract/models/onnx-output.js";
import {
  buildTinyVitOnnx,
  clsParam,
  patchBias,
  patchWeight,
  proj,
  projBias,
  TINY_DIM as D,
  TINY_PATCH as P,
  TINY_SIZE as S,
} from "../helpers/tiny-vit-onnx.js";

const dir = mkdtempSync(join(tmpdir(), "loff-vit-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const onnxBytes = buildTinyVitOnnx();
writeFileSync(join(dir, "tiny.onnx"), onnxBytes);
const presetPath = join(dir, "tiny.json");
writeFileSync(
  presetPath,
  JSON.stringify({
    name: "tiny-vit",
    family: "vit",
    onnx: "tiny.onnx",
    inputHeight: S,
    inputWidth: S,
    resize: "resize",
    pixelMean: [0, 0, 0],
    pixelStd: [1, 1, 1],
    inputLayout: "nchw",
    outputNode: "last_hidden_state",
    patchSize: P,
  }),
);

/** Deterministic pseudo-random pixels [batch,3,S,S]. */
function pixels(batch: number): Float32Array {
  const out = new Float32Array(batch * 3 * S * S);
  let s = 7;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = (s >>> 8) / 2 ** 24 - 0.5;
  }
  return out;
}

/** The model by hand: per image, [CLS, 4 patch tokens] before and after the projection. */
function reference(x: Float32Array, batch: number): { pre: number[][][]; post: number[][][] } {
  const pre: number[][][] = [];
  for (let b = 0; b < batch; b++) {
    const tokens: number[][] = [Array.from({ length: D }, (_, d) => clsParam(d))];
    for (let py = 0; py < 2; py++) {
      for (let px = 0; px < 2; px++) {
        const t: number[] = [];
        for (let d = 0; d < D; d++) {
          let sum = patchBias(d);
          for (let c = 0; c < 3; c++)
            for (let y = 0; y < P; y++)
              for (let xx = 0; xx < P; xx++) {
                const v = x[((b * 3 + c) * S + py * P + y) * S + px * P + xx] as number;
                sum += v * patchWeight(d, c, y, xx);
              }
          t.push(sum);
        }
        tokens.push(t);
      }
    }
    pre.push(tokens);
  }
  const post = pre.map((tokens) =>
    tokens.map((t) =>
      Array.from({ length: D }, (_, j) => t.reduce((s, v, i) => s + v * proj(i, j), projBias(j))),
    ),
  );
  return { pre, post };
}

function assertTokens(tokens: Float32Array, cls: Float32Array, want: number[][][]): void {
  want.forEach((img, b) => {
    img
      .slice(1)
      .forEach((tok, n) =>
        tok.forEach((v, d) =>
          assert.ok(Math.abs((tokens[(b * 4 + n) * D + d] as number) - v) < 1e-4, `b${b} n${n} d${d}`),
        ),
      );
    (img[0] as number[]).forEach((v, d) =>
      assert.ok(Math.abs((cls[b * D + d] as number) - v) < 1e-5, `cls b${b} d${d}`),
    );
  });
}

test("a vit user preset yields the hand-computed 2x2 token grid and CLS = token 0", async () => {
  const model = await loadFeatureModel({ model: presetPath });
  try {
    assert.deepEqual([model.gridHeight, model.gridWidth, model.channels], [2, 2, D]);
    assert.equal(model.spec.family, "vit");
    assert.equal(model.provenance.preset, "tiny-vit");
    assert.equal(model.provenance.outputNode, "last_hidden_state");
    assert.equal(model.provenance.onnxSha256, createHash("sha256").update(onnxBytes).digest("hex"));
    const x = pixels(3);
    const { tokens, cls } = await model.run(x, 3);
    assert.equal(tokens.length, 3 * 2 * 2 * D);
    assert.equal(cls.length, 3 * D);
    assertTokens(tokens, cls, reference(x, 3).post);
    await assert.rejects(model.run(x.subarray(1), 3), RangeError);
  } finally {
    await model.close();
  }
});

test("an intermediate value of a user ONNX can be the output", async () => {
  const model = await loadFeatureModel({ model: presetPath, output: "tokens_concat" });
  try {
    assert.equal(model.provenance.outputNode, "tokens_concat");
    const x = pixels(2);
    const { tokens, cls } = await model.run(x, 2);
    assertTokens(tokens, cls, reference(x, 2).pre);
  } finally {
    await model.close();
  }
});

test("a missing output or a non-token output fails at load with the available names", async () => {
  await assert.rejects(loadFeatureModel({ model: presetPath, output: "nope" }), {
    name: "ModelConfigError",
    message:
      /output "nope" does not exist in .*tiny\.onnx; available: last_hidden_state, patch_embed, .*tokens_concat/,
  });
  // patch_tokens has no CLS (4 tokens for a 2x2 grid): not a [B, 1+N, D] output.
  await assert.rejects(
    loadFeatureModel({ model: presetPath, output: "patch_tokens" }),
    /expects \[B, 1\+4, D\]/,
  );
});

test("a preset extending dinov2-vitb14 inherits its normalisation and NCHW layout", async () => {
  const path = join(dir, "extends.json");
  writeFileSync(
    path,
    JSON.stringify({
      name: "tiny-dino",
      extends: "dinov2-vitb14",
      onnx: "tiny.onnx",
      inputHeight: S,
      inputWidth: S,
      resizeShorter: 32,
    }),
  );
  const model = await loadFeatureModel({ model: path });
  try {
    assert.deepEqual(model.provenance.pixelMean, [0.485, 0.456, 0.406]);
    assert.equal(model.spec.resizeShorter, 32);
    assert.equal(model.spec.patchSize, 14);
    assert.equal(model.channels, D);
  } finally {
    await model.close();
  }
});

test("selecting an output drops the nodes and weights it does not depend on", () => {
  const model = onnx.ModelProto.decode(onnxBytes);
  assert.equal(selectOutput(model, "patch_embed", "tiny.onnx"), true);
  assert.deepEqual(
    (model.graph?.node ?? []).map((n) => n.opType),
    ["Conv"],
  );
  assert.deepEqual((model.graph?.initializer ?? []).map((t) => t.name).sort(), ["patch_b", "patch_w"]);
  assert.deepEqual(
    (model.graph?.output ?? []).map((o) => o.name),
    ["patch_embed"],
  );
  const untouched = onnx.ModelProto.decode(onnxBytes);
  assert.equal(selectOutput(untouched, "last_hidden_state", "tiny.onnx"), false, "already the only output");
});
