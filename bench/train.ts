// bench:train — training throughput (samples/s) of one head on the embedded dataset's features,
// three ways in one run: streamed from a feature server over loopback (loff-ta on the server's CPU
// augmentation pool), read from the cache in-process with the same policy (what the network path
// costs), and the "Frozen + linear" baseline that decodes and augments images and runs the frozen
// backbone on every step. speedup = stream / image pipeline: the LOFF-TA speed-up on this machine.
// Usage: npm run bench:train [-- --json] [-- --head linear|mlp|vit --epochs N --batch-size B --seed S --workers W]
import { availableParallelism, loadavg } from "node:os";
import { loadFeatureModel } from "../src/extract/models/feature-model.js";
import { HEAD_KINDS, type HeadKind } from "../src/trainer/head-config.js";
import { parseBenchArgs } from "./lib/bench-args.js";
import { imageCase, inProcessCase, streamCase, warmUp, type CaseResult, type CaseSettings } from "./lib/train-cases.js";
import { prepareTrainData } from "./lib/train-dataset.js";

// --head takes a name; the shared parser takes numbers only, so it is picked out first.
const argv = process.argv.slice(2);
const headAt = argv.indexOf("--head");
const head = (headAt >= 0 ? argv.splice(headAt, 2)[1] : "linear") as HeadKind;
if (!HEAD_KINDS.includes(head)) throw new Error(`--head must be one of ${HEAD_KINDS.join(", ")}, got ${String(head)}`);
const args = parseBenchArgs(argv);
const settings: CaseSettings = {
  head,
  batchSize: args.numbers.get("batch-size") ?? 32,
  epochs: args.numbers.get("epochs") ?? 3,
  seed: args.numbers.get("seed") ?? 0,
  backend: "auto",
  augment: "loff-ta",
  workers: args.numbers.get("workers") ?? availableParallelism(),
};
const log = (s: string): void => void process.stderr.write(`${s}\n`);

const load = [loadavg()[0] as number];
const model = await loadFeatureModel({});
try {
  const data = await prepareTrainData(model.provenance, log);
  try {
    await warmUp(data, settings);
    const cases: Array<[string, () => Promise<CaseResult>]> = [
      ["stream", () => streamCase(data, settings)],
      ["inprocess", () => inProcessCase(data, settings)],
      ["image_pipeline", () => imageCase(data, model, settings)],
    ];
    const results = new Map<string, CaseResult>();
    for (const [name, run] of cases) {
      log(`${name}: ${settings.head} head, ${settings.epochs} epoch(s) of batch ${settings.batchSize}...`);
      const r = await run();
      results.set(name, r);
      load.push(loadavg()[0] as number);
      log(`  ${r.samples_per_s.toFixed(1)} samples/s (input wait ${r.input_wait_s.toFixed(1)} s, compute ${r.compute_s.toFixed(1)} s, ${r.steps} steps)`);
    }
    const get = (n: string): CaseResult => results.get(n) as CaseResult;
    const round = (v: number, d = 1): number => Number(v.toFixed(d));
    const stream = get("stream");
    const inprocess = get("inprocess");
    const image = get("image_pipeline");
    const result = {
      stream_samples_per_s: round(stream.samples_per_s),
      inprocess_samples_per_s: round(inprocess.samples_per_s),
      image_pipeline_samples_per_s: round(image.samples_per_s),
      speedup: round(stream.samples_per_s / image.samples_per_s, 2),
      stream_vs_inprocess: round(stream.samples_per_s / inprocess.samples_per_s, 3),
      head: settings.head,
      backend: stream.backend,
      batch_size: settings.batchSize,
      steps: stream.steps,
      augment: settings.augment,
      augment_workers: settings.workers,
      grid: `${model.gridHeight}x${model.gridWidth}x${model.channels}`,
      cache: data.source,
      input_wait_s: { stream: round(stream.input_wait_s, 2), inprocess: round(inprocess.input_wait_s, 2), image_pipeline: round(image.input_wait_s, 2) },
      compute_s: { stream: round(stream.compute_s, 2), inprocess: round(inprocess.compute_s, 2), image_pipeline: round(image.compute_s, 2) },
      val_accuracy: { stream: round(stream.val_accuracy, 3), inprocess: round(inprocess.val_accuracy, 3), image_pipeline: round(image.val_accuracy, 3) },
      load_avg_1m: load.map((l) => round(l, 2)),
    };
    if (args.json) {
      console.log(JSON.stringify(result));
    } else {
      console.log(`bench:train — ${settings.head} head on ${data.listing.items.length} embedded images' ${result.grid} features, batch ${settings.batchSize}, ${result.steps} steps per case, tfjs ${result.backend}`);
      console.log("  case                          samples/s   input wait s   compute s");
      const row = (label: string, r: CaseResult): void =>
        console.log(`  ${label.padEnd(30)}${r.samples_per_s.toFixed(1).padStart(9)}${r.input_wait_s.toFixed(1).padStart(15)}${r.compute_s.toFixed(1).padStart(12)}`);
      row(`stream (loopback, ${settings.augment})`, stream);
      row(`in-process cache (${settings.augment})`, inprocess);
      row("images + frozen backbone", image);
      console.log(`  stream / in-process: ${result.stream_vs_inprocess.toFixed(3)}   speed-up stream / images: ${result.speedup.toFixed(2)}x   load avg ${result.load_avg_1m.join(" → ")}`);
    }
  } finally {
    data.cleanup();
  }
} finally {
  await model.close();
}
