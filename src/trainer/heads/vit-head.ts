// `vit`: a small pre-LN transformer over the projected token grid. The projected foundation CLS
// is its CLS token (prepended), a learned position embedding covers CLS + H·W tokens, and the
// final LayerNorm'd CLS goes through one Linear to the classes.
import * as tf from "@tensorflow/tfjs-core";
import type { HeadConfig } from "../head-config.js";
import { dense, gelu, layerNorm, selfAttention } from "../nn.js";
import type { ParamSpec } from "../params.js";
import type { HeadDefinition, ParamLookup } from "./head.js";
import { layerNormSpecs, linearSpecs } from "./head.js";
import { project } from "./projection.js";
import { projectionSpecs } from "./projection.js";

function blockSpecs(i: number, c: HeadConfig): ParamSpec[] {
  const b = `block${i}`;
  const hidden = c.mlpRatio * c.dim;
  return [
    ...layerNormSpecs(`${b}/ln1`, c.dim),
    ...linearSpecs(`${b}/qkv`, c.dim, 3 * c.dim),
    ...linearSpecs(`${b}/attn_out`, c.dim, c.dim),
    ...layerNormSpecs(`${b}/ln2`, c.dim),
    ...linearSpecs(`${b}/fc1`, c.dim, hidden),
    ...linearSpecs(`${b}/fc2`, hidden, c.dim),
  ];
}

function block(p: ParamLookup, i: number, c: HeadConfig, x: tf.Tensor): tf.Tensor {
  const b = `block${i}`;
  const a = layerNorm(x, p(`${b}/ln1/g`), p(`${b}/ln1/b`));
  const x1 = tf.add(x, selfAttention(a, c.heads, p(`${b}/qkv/w`), p(`${b}/qkv/b`), p(`${b}/attn_out/w`), p(`${b}/attn_out/b`)));
  const m = layerNorm(x1, p(`${b}/ln2/g`), p(`${b}/ln2/b`));
  return tf.add(x1, dense(gelu(dense(m, p(`${b}/fc1/w`), p(`${b}/fc1/b`))), p(`${b}/fc2/w`), p(`${b}/fc2/b`)));
}

/** The small-ViT head. */
export const vitHead: HeadDefinition = {
  specs: (c) => {
    const tokens = c.gridHeight * c.gridWidth + 1;
    const blocks: ParamSpec[] = [];
    for (let i = 0; i < c.depth; i++) blocks.push(...blockSpecs(i, c));
    return [
      ...projectionSpecs(c),
      { name: "pos_embed", shape: [tokens, c.dim], init: "trunc-normal", std: 0.02, decay: false },
      ...blocks,
      ...layerNormSpecs("final_ln", c.dim),
      ...linearSpecs("head", c.dim, c.numClasses),
    ];
  },
  forward: (p, c, tokens, cls) => {
    const batch = tokens.shape[0];
    const clsToken = tf.expandDims(project(p, cls), 1); // [B, 1, d]
    let x: tf.Tensor = tf.add(tf.concat([clsToken, project(p, tokens)], 1), p("pos_embed"));
    for (let i = 0; i < c.depth; i++) x = block(p, i, c, x);
    const clsOut = tf.reshape(tf.slice(x, [0, 0, 0], [batch, 1, c.dim]), [batch, c.dim]);
    const normed = layerNorm(clsOut, p("final_ln/g"), p("final_ln/b"));
    return dense(normed, p("head/w"), p("head/b")) as tf.Tensor2D;
  },
};
