// `linear`: projection + LayerNorm, pooled feature [mean tokens ; CLS], one Linear to the classes.
import type { HeadDefinition } from "./head.js";
import { linearSpecs } from "./head.js";
import { dense } from "../nn.js";
import { pooledFeature } from "./pooled.js";
import { projectionSpecs } from "./projection.js";
import type * as tf from "@tensorflow/tfjs-core";

/** The pooled linear head. */
export const linearHead: HeadDefinition = {
  specs: (c) => [...projectionSpecs(c), ...linearSpecs("head", 2 * c.dim, c.numClasses)],
  forward: (p, _c, tokens, cls) => dense(pooledFeature(p, tokens, cls), p("head/w"), p("head/b")) as tf.Tensor2D,
};
