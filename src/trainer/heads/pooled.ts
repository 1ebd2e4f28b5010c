// The feature the pooled heads classify: mean of the projected tokens concatenated with the
// projected CLS, [B, 2d]. Concatenation (rather than addition) keeps the global and the
// spatial-average signals apart so the classifier can weigh them — the DINOv2 linear-probe recipe.
import * as tf from "@tensorflow/tfjs-core";
import { meanTokens } from "../nn.js";
import type { ParamLookup } from "./head.js";
import { project } from "./projection.js";

/** [B, 2d] = concat(mean_n proj(tokens), proj(cls)). */
export function pooledFeature(p: ParamLookup, tokens: tf.Tensor3D, cls: tf.Tensor2D): tf.Tensor2D {
  return tf.concat([meanTokens(project(p, tokens)), project(p, cls)], 1) as tf.Tensor2D;
}
