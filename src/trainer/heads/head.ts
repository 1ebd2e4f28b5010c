// What every head provides: parameter specs and a forward pass from (tokens, CLS) to logits.
import type * as tf from "@tensorflow/tfjs-core";
import type { HeadConfig } from "../head-config.js";
import type { ParamSpec } from "../params.js";

/** Looks up a parameter tensor by name. */
export type ParamLookup = (name: string) => tf.Tensor;

/** One head kind: its parameters and its pure forward function. */
export interface HeadDefinition {
  /** The parameters this head needs for `config`, in a stable order. */
  specs(config: HeadConfig): ParamSpec[];
  /** Logits [B, K] from tokens [B, N, C] and the CLS/global vector [B, C]. */
  forward(p: ParamLookup, config: HeadConfig, tokens: tf.Tensor3D, cls: tf.Tensor2D): tf.Tensor2D;
}

/** Spec of a Linear layer's weight [inDim, outDim] and bias [outDim] under `prefix`. */
export function linearSpecs(prefix: string, inDim: number, outDim: number): ParamSpec[] {
  return [
    { name: `${prefix}/w`, shape: [inDim, outDim], init: "trunc-normal", std: 0.02, decay: true },
    { name: `${prefix}/b`, shape: [outDim], init: "zeros", decay: false },
  ];
}

/** Spec of a LayerNorm's gain and bias under `prefix`. */
export function layerNormSpecs(prefix: string, dim: number): ParamSpec[] {
  return [
    { name: `${prefix}/g`, shape: [dim], init: "ones", decay: false },
    { name: `${prefix}/b`, shape: [dim], init: "zeros", decay: false },
  ];
}
