// Prediction with a trained head: load it from a checkpoint and turn cached features into logits,
// probabilities or top-k labels. The backbone side (images -> features) belongs to the caller.
import { selectBackend, type BackendChoice, type BackendReport } from "./backend.js";
import { findCheckpoint, readCheckpointConfig, readCheckpointWeights, type CheckpointConfig } from "./checkpoint.js";
import { batchLogits } from "./evaluate.js";
import { createHead, type Head } from "./heads/create-head.js";

/** A head loaded for prediction. */
export interface LoadedHead {
  head: Head;
  /** The checkpoint directory actually read (best/ preferred over last/). */
  dir: string;
  config: CheckpointConfig;
  labelNames: string[];
  backend: BackendReport;
  dispose(): void;
}

/** One ranked prediction. */
export interface Prediction {
  index: number;
  label: string;
  probability: number;
}

/** Loads a head from a checkpoint root (best/, else last/) or a checkpoint directory itself. */
export async function loadHead(checkpointDir: string, options: { backend?: BackendChoice } = {}): Promise<LoadedHead> {
  const dir = await findCheckpoint(checkpointDir, "best");
  if (dir === undefined) throw new Error(`no checkpoint in ${checkpointDir}`);
  const config = await readCheckpointConfig(dir);
  const weights = await readCheckpointWeights(dir);
  const backend = await selectBackend(options.backend ?? "auto");
  const head = createHead(config.head);
  try {
    head.params.write(weights);
  } catch (e) {
    head.dispose();
    throw e;
  }
  return { head, dir, config, labelNames: config.labelNames, backend, dispose: () => head.dispose() };
}

/** Logits [B, K] (flat, row-major) for tokens [B, H, W, C] and optional CLS [B, C]. */
export async function predictLogits(head: Head | LoadedHead, tokens: Float32Array, cls?: Float32Array): Promise<Float32Array> {
  return batchLogits("head" in head ? head.head : head, tokens, cls);
}

/** Row-wise softmax of flat [B, K] logits. */
export function softmaxRows(logits: Float32Array, numClasses: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / numClasses; r++) {
    const row = logits.subarray(r * numClasses, (r + 1) * numClasses);
    const max = Math.max(...row);
    let sum = 0;
    for (let j = 0; j < numClasses; j++) sum += Math.exp((row[j] as number) - max);
    for (let j = 0; j < numClasses; j++) out[r * numClasses + j] = Math.exp((row[j] as number) - max) / sum;
  }
  return out;
}

/** The `k` most probable labels of each sample, most probable first. */
export async function predictTopK(loaded: LoadedHead, tokens: Float32Array, cls: Float32Array | undefined, k: number): Promise<Prediction[][]> {
  const n = loaded.head.config.numClasses;
  const probs = softmaxRows(await predictLogits(loaded, tokens, cls), n);
  const out: Prediction[][] = [];
  for (let r = 0; r < probs.length / n; r++) {
    const row = Array.from(probs.subarray(r * n, (r + 1) * n), (p, index) => ({ index, label: loaded.labelNames[index] ?? String(index), probability: p }));
    row.sort((a, b) => b.probability - a.probability || a.index - b.index);
    out.push(row.slice(0, Math.max(1, Math.min(k, n))));
  }
  return out;
}
