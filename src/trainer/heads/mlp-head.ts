// `mlp`: the pooled feature of the linear head through Linear(2d -> hidden) + GELU + Linear.
import type * as tf from "@tensorflow/tfjs-core";
import { dense, gelu } from "../nn.js";
import type { HeadDefinition } from "./head.js";
import { linearSpecs } from "./head.js";
import { pooledFeature } from "./pooled.js";
import { projectionSpecs } from "./projection.js";

/** The pooled MLP head. */
export const mlpHead: HeadDefinition = {
  specs: (c) => [
    ...projectionSpecs(c),
    ...linearSpecs("hidden", 2 * c.dim, c.hidden),
    ...linearSpecs("head", c.hidden, c.numClasses),
  ],
  forward: (p, _c, tokens, cls) => {
    const h = gelu(dense(pooledFeature(p, tokens, cls), p("hidden/w"), p("hidden/b")));
    return dense(h, p("head/w"), p("head/b")) as tf.Tensor2D;
  },
};
