// Cross-entropy with label smoothing: targets (1 - ε)·onehot + ε/K, mean over the batch.
import * as tf from "@tensorflow/tfjs-core";

/** Smoothed cross-entropy of logits [B, K] against integer labels [B] (scalar tensor). */
export function smoothedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, smoothing: number): tf.Scalar {
  const k = logits.shape[1];
  const target = tf.add(tf.mul(tf.oneHot(labels, k), 1 - smoothing), smoothing / k);
  return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits, -1)), -1))) as tf.Scalar;
}

/** Index of the largest logit of each row of a flat [B, K] array. */
export function argmaxRows(logits: Float32Array, numClasses: number): Int32Array {
  const batch = logits.length / numClasses;
  const out = new Int32Array(batch);
  for (let i = 0; i < batch; i++) {
    let best = 0;
    for (let j = 1; j < numClasses; j++) {
      if ((logits[i * numClasses + j] as number) > (logits[i * numClasses + best] as number)) best = j;
    }
    out[i] = best;
  }
  return out;
}
