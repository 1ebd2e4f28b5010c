// The stem every head starts with (PAPER.md): a per-token Linear(C -> d) then LayerNorm(d),
// shared by the patch tokens and the foundation CLS (both live in the same C-dim space).
import type * as tf from "@tensorflow/tfjs-core";
import type { HeadConfig } from "../head-config.js";
import { dense, layerNorm } from "../nn.js";
import type { ParamSpec } from "../params.js";
import { layerNormSpecs, linearSpecs, type ParamLookup } from "./head.js";

/** Parameters of the projection stem. */
export function projectionSpecs(config: HeadConfig): ParamSpec[] {
  return [...linearSpecs("proj", config.channels, config.dim), ...layerNormSpecs("proj_ln", config.dim)];
}

/** Projects and normalises any [..., C] data tensor (tokens or CLS) to [..., d]. */
export function project(p: ParamLookup, x: tf.Tensor): tf.Tensor {
  return layerNorm(dense(x, p("proj/w"), p("proj/b"), true), p("proj_ln/g"), p("proj_ln/b"));
}
