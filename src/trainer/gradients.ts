// tfjs-core alone registers no gradient functions (the union package imports them); the Node
// bundle of tfjs-layers registers all of core's gradients when loaded, so training loads it once.
import * as tf from "@tensorflow/tfjs-core";

/** Makes sure tfjs-core's gradient functions are registered (idempotent). */
export async function ensureGradients(): Promise<void> {
  if (tf.getGradient("Neg") !== undefined) return;
  await import("@tensorflow/tfjs-layers");
  if (tf.getGradient("Neg") === undefined) throw new Error("tfjs gradients are unavailable (tfjs-layers did not register them)");
}
