// One optimisation step: forward, label-smoothed loss, gradients, clipping, AdamW update.
import * as tf from "@tensorflow/tfjs-core";
import type { AdamW } from "./adamw.js";
import { clipByGlobalNorm } from "./adamw.js";
import type { TrainBatch } from "./batch-streams.js";
import { headInputs, type Head } from "./heads/create-head.js";
import { argmaxRows, smoothedCrossEntropy } from "./loss.js";

/** Outcome of one step. */
export interface StepResult {
  /** Label-smoothed training loss of the batch before the update. */
  loss: number;
  /** Correct predictions in the batch before the update. */
  correct: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}

/** Runs one training step on `batch` with learning rate `lr`. */
export async function trainStep(head: Head, optimizer: AdamW, batch: TrainBatch, lr: number, labelSmoothing: number, maxGradNorm: number): Promise<StepResult> {
  const k = head.config.numClasses;
  const x = headInputs(head.config, batch.tokens, batch.cls);
  const labels = tf.tensor1d(batch.labels, "int32");
  const variables = head.params.variables();
  let logits: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const out = head.apply(x.tokens, x.cls);
    logits = tf.keep(out);
    return smoothedCrossEntropy(out, labels, labelSmoothing);
  }, variables);
  try {
    const byName = new Map<string, tf.Tensor>();
    for (const spec of head.params.specs) {
      const g = grads[head.params.get(spec.name).name];
      if (g === undefined) throw new Error(`parameter ${spec.name} received no gradient`);
      byName.set(spec.name, g);
    }
    const gradNorm = await clipByGlobalNorm(byName, maxGradNorm);
    optimizer.apply(byName, lr);
    for (const g of byName.values()) g.dispose();
    const predicted = argmaxRows((await (logits as tf.Tensor).data()) as Float32Array, k);
    let correct = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === batch.labels[i]) correct++;
    return { loss: ((await value.data()) as Float32Array)[0] as number, correct, gradNorm };
  } finally {
    tf.dispose([value, x.tokens, x.cls, labels, ...Object.values(grads)]);
    logits?.dispose();
  }
}
