// A tiny ViT-shaped ONNX model with known weights, for testing the ViT token path without a real
// foundation model: pixels [B,3,28,28] -> 14x14 patch embedding (Conv) -> 4 patch tokens, a learned
// CLS token prepended -> "tokens_concat" [B,5,D] -> MatMul + bias -> "last_hidden_state" [B,5,D].
import { createGraphBuilder } from "../../src/extract/models/onnx-builder.js";

/** Token width of the tiny model. */
export const TINY_DIM = 4;
/** Input side and patch size: a 2x2 grid. */
export const TINY_SIZE = 28;
export const TINY_PATCH = 14;

/** Patch-embedding weight [D,3,14,14], a deterministic pattern of small values. */
export function patchWeight(d: number, c: number, y: number, x: number): number {
  return (((d * 7 + c * 3 + y * 5 + x * 2) % 11) - 5) / 100;
}
/** Patch-embedding bias [D]. */
export const patchBias = (d: number): number => d / 10 - 0.1;
/** The CLS parameter [D]. */
export const clsParam = (d: number): number => 0.5 - d / 4;
/** Output projection [D,D] (tokens @ proj) and its bias [D]. */
export const proj = (i: number, j: number): number => (i === j ? 1 : 0) + (i - j) / 8;
export const projBias = (j: number): number => j / 2;

function table(dims: number[], f: (...idx: number[]) => number): Float32Array {
  const out = new Float32Array(dims.reduce((a, b) => a * b, 1));
  const idx = new Array<number>(dims.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    out[i] = f(...idx);
    for (let k = dims.length - 1; k >= 0; k--) {
      idx[k] = (idx[k] as number) + 1;
      if ((idx[k] as number) < (dims[k] as number)) break;
      idx[k] = 0;
    }
  }
  return out;
}

/** Serialised ONNX bytes of the tiny ViT. */
export function buildTinyVitOnnx(): Uint8Array {
  const D = TINY_DIM;
  const g = createGraphBuilder();
  g.input("pixels", ["batch", 3, TINY_SIZE, TINY_SIZE]);
  const w = g.floats(
    "patch_w",
    [D, 3, TINY_PATCH, TINY_PATCH],
    table([D, 3, TINY_PATCH, TINY_PATCH], patchWeight),
  );
  const b = g.floats("patch_b", [D], table([D], patchBias));
  g.node("Conv", ["pixels", w, b], ["patch_embed"], {
    kernel_shape: [TINY_PATCH, TINY_PATCH],
    strides: [TINY_PATCH, TINY_PATCH],
  });
  g.node("Reshape", ["patch_embed", g.ints("flat_shape", [3], [0, D, -1])], ["patch_flat"]);
  g.node("Transpose", ["patch_flat"], ["patch_tokens"], { perm: [0, 2, 1] });
  // Broadcast the CLS parameter to the batch: shape [batch, 1, D] from the input's shape.
  g.node("Shape", ["pixels"], ["in_shape"]);
  g.node("Gather", ["in_shape", g.ints("zero", [1], [0])], ["batch_dim"], { axis: 0 });
  g.node("Concat", ["batch_dim", g.ints("one_d", [2], [1, D])], ["cls_shape"], { axis: 0 });
  g.node("Expand", [g.floats("cls", [1, 1, D], table([D], clsParam)), "cls_shape"], ["cls_tokens"]);
  g.node("Concat", ["cls_tokens", "patch_tokens"], ["tokens_concat"], { axis: 1 });
  g.node("MatMul", ["tokens_concat", g.floats("proj_w", [D, D], table([D, D], proj))], ["projected"]);
  g.node("Add", ["projected", g.floats("proj_b", [D], table([D], projBias))], ["last_hidden_state"]);
  g.output("last_hidden_state", ["batch", 5, D]);
  return g.build({ graphName: "tiny-vit", producer: "loff tests" });
}
