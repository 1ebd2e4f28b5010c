// Builds a live head (variables + forward pass) from a resolved config, and turns batch arrays
// into the tensors heads read.
import * as tf from "@tensorflow/tfjs-core";
import type { HeadConfig, HeadKind } from "../head-config.js";
import { createParamStore, type ParamStore } from "../params.js";
import type { HeadDefinition } from "./head.js";
import { linearHead } from "./linear-head.js";
import { mlpHead } from "./mlp-head.js";
import { vitHead } from "./vit-head.js";

const DEFINITIONS: Readonly<Record<HeadKind, HeadDefinition>> = Object.freeze({
  linear: linearHead,
  mlp: mlpHead,
  vit: vitHead,
});

/** A head with its parameters, ready for training or prediction. */
export interface Head {
  readonly config: HeadConfig;
  readonly params: ParamStore;
  /** Logits [B, K] from tokens [B, N, C] and CLS [B, C]; call inside a tidy or gradient scope. */
  apply(tokens: tf.Tensor3D, cls: tf.Tensor2D): tf.Tensor2D;
  /** Releases the head's variables. */
  dispose(): void;
}

/** Creates a head whose weights are initialised deterministically from `config.seed`. */
export function createHead(config: HeadConfig): Head {
  const def = DEFINITIONS[config.kind];
  const params = createParamStore(def.specs(config), config.seed);
  const lookup = (name: string): tf.Tensor => params.get(name);
  return {
    config,
    params,
    apply: (tokens, cls) => def.forward(lookup, config, tokens, cls),
    dispose: () => params.dispose(),
  };
}

/**
 * Tensors for a batch: tokens [B, H, W, C] flattened to [B, N, C]; the CLS [B, C], or when the
 * stream carries none, the mean of the raw tokens (the global-average vector a CNN cache stores).
 */
export function headInputs(
  config: HeadConfig,
  tokens: Float32Array,
  cls: Float32Array | undefined,
): { tokens: tf.Tensor3D; cls: tf.Tensor2D } {
  const n = config.gridHeight * config.gridWidth;
  const perSample = n * config.channels;
  if (tokens.length === 0 || tokens.length % perSample !== 0) {
    throw new RangeError(`tokens hold ${tokens.length} values, not a multiple of H*W*C = ${perSample}`);
  }
  const batch = tokens.length / perSample;
  const t = tf.tensor3d(tokens, [batch, n, config.channels]);
  if (cls === undefined) return { tokens: t, cls: tf.mean(t, 1) as tf.Tensor2D };
  if (cls.length !== batch * config.channels) {
    throw new RangeError(`cls holds ${cls.length} values, expected B*C = ${batch * config.channels}`);
  }
  return { tokens: t, cls: tf.tensor2d(cls, [batch, config.channels]) };
}
