// Functional building blocks of the heads on tfjs-core ops (no tfjs-layers: explicit parameters
// keep init seeded, checkpoints plain and the optimizer ours). All take and return tensors and
// are called inside the caller's tidy/gradient scope.
//
// Speed notes (tfjs-wasm, measured here): a matMul with a transpose flag takes a path ~8x slower
// than an explicit transpose followed by a plain matMul, so Linear layers carry their own gradient;
// erf is ~20x slower than sigmoid, so GELU is the sigmoid form x·σ(1.702x) (CLIP's QuickGELU).
import * as tf from "@tensorflow/tfjs-core";

type Grad = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
type Forward = (...args: Array<tf.Tensor | tf.GradSaveFunc>) => { value: tf.Tensor; gradFunc: Grad };

function custom(f: Forward): (...inputs: tf.Tensor[]) => tf.Tensor {
  return tf.customGrad(f as Parameters<typeof tf.customGrad>[0]) as (...inputs: tf.Tensor[]) => tf.Tensor;
}

/** 2-D x·W + b whose gradient uses explicit transposes; with `constInput` no gradient flows to x. */
function linear2d(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, constInput: boolean): tf.Tensor2D {
  const dW = (dy: tf.Tensor, input: tf.Tensor): tf.Tensor => tf.matMul(tf.transpose(input) as tf.Tensor2D, dy as tf.Tensor2D);
  const dB = (dy: tf.Tensor): tf.Tensor => tf.sum(dy, 0);
  if (constInput) {
    // x is data (cached features), not a function of any parameter: skip its large gradient.
    const op = custom((wIn, bIn, save) => {
      (save as tf.GradSaveFunc)([wIn as tf.Tensor]);
      return { value: tf.add(tf.matMul(x, wIn as tf.Tensor2D), bIn as tf.Tensor), gradFunc: (dy) => [dW(dy, x), dB(dy)] };
    });
    return op(w, b) as tf.Tensor2D;
  }
  const op = custom((xIn, wIn, bIn, save) => {
    (save as tf.GradSaveFunc)([xIn as tf.Tensor, wIn as tf.Tensor]);
    return {
      value: tf.add(tf.matMul(xIn as tf.Tensor2D, wIn as tf.Tensor2D), bIn as tf.Tensor),
      gradFunc: (dy, [xs, ws]) => [tf.matMul(dy as tf.Tensor2D, tf.transpose(ws as tf.Tensor) as tf.Tensor2D), dW(dy, xs as tf.Tensor), dB(dy)],
    };
  });
  return op(x, w, b) as tf.Tensor2D;
}

/** y = x·W + b over the last axis, for inputs of any rank >= 2; `constInput` when x is data. */
export function dense(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, constInput = false): tf.Tensor {
  const inDim = x.shape[x.shape.length - 1] as number;
  const outDim = w.shape[1] as number;
  const lead = x.shape.slice(0, -1);
  const y = linear2d(tf.reshape(x, [-1, inDim]) as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, constInput);
  return tf.reshape(y, [...lead, outDim]);
}

/** Layer normalisation over the last axis with gain g and bias b. */
export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps = 1e-5): tf.Tensor {
  const axis = x.shape.length - 1;
  const { mean, variance } = tf.moments(x, axis, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), g), b);
}

/** GELU in its sigmoid form x·σ(1.702x) (within 0.02 of the erf form; far cheaper on wasm). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)));
}

/** Multi-head self-attention over x [B, T, d] with fused qkv [d, 3d] and output [d, d] projections. */
export function selfAttention(x: tf.Tensor, heads: number, qkvW: tf.Tensor, qkvB: tf.Tensor, outW: tf.Tensor, outB: tf.Tensor): tf.Tensor {
  const [batch, tokens, dim] = x.shape as [number, number, number];
  const headDim = dim / heads;
  // Split before moving axes: three 4-D transposes are cheaper than one 5-D transpose + unstack.
  const [q, k, v] = tf.split(dense(x, qkvW, qkvB), 3, 2).map((t) => tf.reshape(t, [batch, tokens, heads, headDim])) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const qh = tf.transpose(q, [0, 2, 1, 3]) as tf.Tensor4D; // [B, h, T, dh]
  const kt = tf.transpose(k, [0, 2, 3, 1]) as tf.Tensor4D; // [B, h, dh, T]
  const vh = tf.transpose(v, [0, 2, 1, 3]) as tf.Tensor4D;
  const scores = tf.mul(tf.matMul(qh, kt), 1 / Math.sqrt(headDim));
  const context = tf.matMul(tf.softmax(scores, -1) as tf.Tensor4D, vh); // [B, h, T, dh]
  const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch, tokens, dim]);
  return dense(merged, outW, outB);
}

/** Mean over the token axis of [B, N, d]. */
export function meanTokens(x: tf.Tensor): tf.Tensor {
  return tf.mean(x, 1);
}
