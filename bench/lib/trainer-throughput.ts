// Measures a head's training throughput (samples/s) on synthetic features of a given shape, with
// the in-process streams so the number is compute only (input wait ≈ 0). Run directly:
//   node --import tsx bench/lib/trainer-throughput.ts [--backend wasm] [--head vit] [--grid 14] [--channels 576] [--batch 32] [--steps 8]
import { parseArgs } from "node:util";
import { createArrayBatchStreams } from "../../src/trainer/array-batch-streams.js";
import type { BackendChoice } from "../../src/trainer/backend.js";
import type { HeadKind } from "../../src/trainer/head-config.js";
import { createSyntheticDataset } from "../../src/trainer/synthetic-dataset.js";
import { runTraining } from "../../src/trainer/train-loop.js";

/** What one throughput measurement needs. */
export interface ThroughputOptions {
  backend: BackendChoice;
  head: HeadKind;
  grid: number;
  channels: number;
  batchSize: number;
  /** Measured steps (one extra warm-up step is excluded). */
  steps: number;
}

/** Training samples/s of `head` on `backend`, excluding the first (warm-up) step. */
export async function measureTrainerThroughput(o: ThroughputOptions): Promise<{ backend: string; samplesPerS: number; msPerStep: number }> {
  const data = createSyntheticDataset({
    classes: 10, trainSamples: o.batchSize * (o.steps + 1), valSamples: 10, gridHeight: o.grid, gridWidth: o.grid,
    channels: o.channels, seed: 1, kind: "separable",
  });
  const times: number[] = [];
  const summary = await runTraining(createArrayBatchStreams(data), { head: o.head, backend: o.backend, epochs: 1, batchSize: o.batchSize, evalBatchSize: 10 }, {
    onProgress: (e) => {
      if (e.kind === "step") times.push(e.computeS);
    },
  });
  const measured = times.slice(1);
  const s = measured.reduce((a, b) => a + b, 0);
  return { backend: summary.backend, samplesPerS: (measured.length * o.batchSize) / s, msPerStep: (1000 * s) / measured.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      backend: { type: "string", default: "auto" },
      head: { type: "string", default: "vit" },
      grid: { type: "string", default: "14" },
      channels: { type: "string", default: "576" },
      batch: { type: "string", default: "32" },
      steps: { type: "string", default: "6" },
    },
  });
  const r = await measureTrainerThroughput({
    backend: values.backend as BackendChoice, head: values.head as HeadKind, grid: Number(values.grid),
    channels: Number(values.channels), batchSize: Number(values.batch), steps: Number(values.steps),
  });
  console.log(JSON.stringify({ ...values, ...r }));
}
