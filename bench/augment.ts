// Augmentation throughput: B=64 batches of 16x16x768 and 14x14x576 fp16, loff-ta (flip + random
// resized crop + noise), on 1 worker and on the pool, next to a plain memory copy of the same
// bytes. `--json` prints one JSON line per case instead of the table.
// Usage: node --import tsx bench/augment.ts [--json] [--seconds S]
import { availableParallelism } from "node:os";
import { createCpuAugmenter } from "../src/augment/cpu/cpu-augmenter.js";
import type { AugmentJob, GridShape } from "../src/augment/index.js";
import { toFloat16 } from "../src/contract/float16.js";
import { loffTaBenchJob, sharedFp16, timeIt } from "./lib/augment-bench.js";

const json = process.argv.includes("--json");
const secondsArg = process.argv.indexOf("--seconds");
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 2;
const B = 64;
const SHAPES: GridShape[] = [
  { height: 16, width: 16, channels: 768 },
  { height: 14, width: 14, channels: 576 },
];

const rows: Array<Record<string, unknown>> = [];
const pool = availableParallelism();
for (const shape of SHAPES) {
  const n = B * shape.height * shape.width * shape.channels;
  const bytes = n * 2;
  const tokens = sharedFp16(n);
  for (let i = 0; i < n; i++) tokens[i] = toFloat16(Math.sin(i * 0.001) * 2);
  const out = sharedFp16(n);
  const copy = await timeIt(() => out.set(tokens), SECONDS);
  const memcpyGbs = bytes / copy / 1e9;
  for (const workers of [...new Set([1, pool])]) {
    const aug = createCpuAugmenter({ workers });
    const job: AugmentJob = { ...loffTaBenchJob(shape, B, tokens), outTokens: out };
    let epoch = 0;
    const t = await timeIt(() => aug.run({ ...job, epoch: epoch++ }), SECONDS);
    await aug.close();
    rows.push({
      shape: [shape.height, shape.width, shape.channels],
      batch: B,
      dtype: "float16",
      workers,
      executor: `${aug.executor}/${aug.backend}`,
      samples_per_s: Math.round(B / t),
      gb_per_s: Number((bytes / t / 1e9).toFixed(3)),
      memcpy_gb_per_s: Number(memcpyGbs.toFixed(2)),
    });
  }
}

if (json) {
  for (const r of rows) console.log(JSON.stringify(r));
} else {
  console.log(`augmentation: loff-ta (hflip + random resized crop + noise), B=${B}, fp16 in and out, ${pool} cores`);
  console.log("shape        workers  executor       samples/s  samples/s/worker  GB/s   memcpy GB/s");
  for (const r of rows) {
    const shape = (r["shape"] as number[]).join("x");
    const perWorker = Math.round((r["samples_per_s"] as number) / Math.min(r["workers"] as number, pool));
    console.log(
      `${shape.padEnd(12)} ${String(r["workers"]).padStart(7)}  ${String(r["executor"]).padEnd(13)} ${String(r["samples_per_s"]).padStart(10)}  ${String(perWorker).padStart(16)}  ${String(r["gb_per_s"]).padStart(5)}  ${String(r["memcpy_gb_per_s"]).padStart(11)}`,
    );
  }
}
