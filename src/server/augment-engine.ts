// Adapts the augmentation engine of src/augment (an Augmenter plus policy validation and presets)
// to the port the server uses.
import { PRESETS, resolvePolicy, type Augmenter } from "../augment/index.js";
import type { AugmentEngine } from "./augment-port.js";

/** Wraps `augmenter`; `close()` closes it. The device label is the executor and its backend. */
export function createAugmentEngine(augmenter: Augmenter): AugmentEngine {
  return {
    resolvePolicy,
    presets: PRESETS,
    device: augmenter.executor === "cpu" ? "cpu" : `tfjs-${augmenter.backend}`,
    run: (job) => augmenter.run(job),
    close: () => augmenter.close(),
  };
}
