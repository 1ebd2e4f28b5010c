// Evaluation of a head on an un-augmented stream: loss, accuracy, mean per-class accuracy and the
// confusion matrix (rows = true class, columns = predicted class).
import * as tf from "@tensorflow/tfjs-core";
import type { TrainBatch } from "./batch-streams.js";
import { headInputs, type Head } from "./heads/create-head.js";
import { argmaxRows, smoothedCrossEntropy } from "./loss.js";

/** Results of one evaluation pass. */
export interface EvalResult {
  samples: number;
  /** Mean cross-entropy without label smoothing (the honest number). */
  loss: number;
  accuracy: number;
  /** Mean over classes present in the split of each class's accuracy. */
  meanClassAccuracy: number;
  /** Accuracy per class; null for a class with no samples. */
  perClassAccuracy: Array<number | null>;
  /** confusion[true][predicted] = count. */
  confusion: number[][];
}

/** Logits [B, K] of a head for one batch, as a flat array. */
export async function batchLogits(head: Head, tokens: Float32Array, cls: Float32Array | undefined): Promise<Float32Array> {
  const out = tf.tidy(() => {
    const x = headInputs(head.config, tokens, cls);
    return head.apply(x.tokens, x.cls);
  });
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

/** Summarises a confusion matrix and a summed loss. */
export function summarise(confusion: number[][], lossSum: number): EvalResult {
  const samples = confusion.reduce((n, row) => n + row.reduce((a, b) => a + b, 0), 0);
  const correct = confusion.reduce((n, row, i) => n + (row[i] ?? 0), 0);
  const perClassAccuracy = confusion.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? null : (row[i] ?? 0) / total;
  });
  const present = perClassAccuracy.filter((a): a is number => a !== null);
  return {
    samples,
    loss: samples === 0 ? NaN : lossSum / samples,
    accuracy: samples === 0 ? NaN : correct / samples,
    meanClassAccuracy: present.length === 0 ? NaN : present.reduce((a, b) => a + b, 0) / present.length,
    perClassAccuracy,
    confusion,
  };
}

/** Evaluates `head` on every batch of `batches`. */
export async function evaluate(head: Head, batches: AsyncIterable<TrainBatch>): Promise<EvalResult> {
  const k = head.config.numClasses;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let lossSum = 0;
  for await (const batch of batches) {
    const logits = await batchLogits(head, batch.tokens, batch.cls);
    const b = batch.labels.length;
    const loss = tf.tidy(() => smoothedCrossEntropy(tf.tensor2d(logits, [b, k]), tf.tensor1d(batch.labels, "int32"), 0));
    lossSum += (((await loss.data()) as Float32Array)[0] as number) * b;
    loss.dispose();
    const predicted = argmaxRows(logits, k);
    for (let i = 0; i < b; i++) {
      const row = confusion[batch.labels[i] as number];
      if (row === undefined) throw new RangeError(`label ${batch.labels[i]} out of range [0, ${k})`);
      row[predicted[i] as number] = (row[predicted[i] as number] as number) + 1;
    }
  }
  return summarise(confusion, lossSum);
}
