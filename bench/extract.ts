// bench:extract — images/s of the whole extraction (read, decode, preprocess, infer, pool, fp16, LMDB)
// against bare onnxruntime inference on the same, already decoded images, in one run.
// Target: the pipeline costs at most 15% over bare inference (ratio >= 0.87). Both sides exclude
// loading the model (bare inference times a warm session; the pipeline is timed from its first
// progress report, when the model and its worker sessions are loaded, to the end of the last LMDB
// commit); the end-to-end rate with start-up is printed beside it. A third number is the strictest
// baseline: the same decoded batches through the extraction's own worker layout (one single-threaded
// session per core, batches in parallel) with no decoding or writing — the pipeline's overhead alone.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EMBEDDED_IMAGES } from "../src/cli/paths.js";
import { preprocessImage } from "../src/extract/image/index.js";
import { loadFeatureModel } from "../src/extract/models/feature-model.js";
import { createModelWorkerPool } from "../src/extract/models/model-worker-pool.js";
import { resolveExtractOptions } from "../src/extract/pipeline/extract-options.js";
import { runExtraction } from "../src/extract/pipeline/run-extraction.js";
import { listImageSources } from "../src/extract/sources/index.js";
import { copyEmbeddedSubset } from "../test/helpers/embedded-images.js";
import { parseBenchArgs } from "./lib/bench-args.js";

const args = parseBenchArgs();
const perClass = args.numbers.get("per-class") ?? 80;
const batchSize = args.numbers.get("batch-size") ?? 32;
/** Copies of every image (--repeat 8: 6,256 images, for machines with many cores). */
const repeat = args.numbers.get("repeat") ?? 1;
const work = mkdtempSync(join(tmpdir(), "loff-bench-extract-"));
try {
  const images = join(work, "images");
  copyEmbeddedSubset(images, 10, perClass, repeat);

  // Warm the model store (conversion happens once per machine) so neither side pays for it.
  await (await loadFeatureModel({})).close();

  // Bare inference: decode everything first (untimed), then time only model.run over the same batches.
  const listing = await listImageSources(images, {});
  const model = await loadFeatureModel({});
  const per = 3 * model.spec.inputHeight * model.spec.inputWidth;
  const batches: Array<{ pixels: Float32Array; n: number }> = [];
  for (let i = 0; i < listing.items.length; i += batchSize) {
    const items = listing.items.slice(i, i + batchSize);
    const pixels = new Float32Array(items.length * per);
    await Promise.all(items.map((it, j) => preprocessImage(it.path, model.spec, pixels, j)));
    batches.push({ pixels, n: items.length });
  }
  await model.run(batches[0]!.pixels, batches[0]!.n); // warm-up

  // The machine is shared and noisy: alternate the two measurements and keep each one's best.
  const reps = args.numbers.get("reps") ?? 2;
  let inferencePerS = 0;
  let parallelPerS = 0;
  let pipelinePerS = 0;
  let endToEndPerS = 0;
  let extracted = 0;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (const b of batches) await model.run(b.pixels, b.n);
    inferencePerS = Math.max(inferencePerS, listing.items.length / ((performance.now() - t0) / 1000));

    // The same batches on the extraction's worker layout, inference and fp16 only.
    const workers = resolveExtractOptions({ images, out: work }).workers;
    const pool = await createModelWorkerPool({ pool: 1 }, workers);
    const copies = batches.map((b): { pixels: Float32Array; n: number } => ({ pixels: new Float32Array(b.pixels), n: b.n }));
    await pool.runDecoded(copies[0]!.n, copies[0]!.pixels).then((res) => (copies[0]!.pixels = res.pixels)); // warm-up
    const tp = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let k = next++; k < copies.length; k = next++) {
          const c = copies[k]!;
          c.pixels = (await pool.runDecoded(c.n, c.pixels)).pixels;
        }
      }),
    );
    parallelPerS = Math.max(parallelPerS, listing.items.length / ((performance.now() - tp) / 1000));
    await pool.close();

    // Whole pipeline into a fresh cache (model loading included).
    const out = join(work, `cache-${r}`);
    const t1 = performance.now();
    let loaded = 0;
    const summary = await runExtraction(resolveExtractOptions({ images, out, batchSize }), (done) => {
      if (done === 0) loaded = performance.now();
    });
    const end = performance.now();
    pipelinePerS = Math.max(pipelinePerS, summary.extracted / ((end - loaded) / 1000));
    endToEndPerS = Math.max(endToEndPerS, summary.extracted / ((end - t1) / 1000));
    extracted = summary.extracted;
    rmSync(out, { recursive: true, force: true });
  }
  await model.close();
  const ratio = pipelinePerS / inferencePerS;
  const summary = { extracted };

  const result = {
    images: summary.extracted,
    batch_size: batchSize,
    pipeline_images_per_s: Number(pipelinePerS.toFixed(2)),
    inference_images_per_s: Number(inferencePerS.toFixed(2)),
    ratio: Number(ratio.toFixed(3)),
    parallel_inference_images_per_s: Number(parallelPerS.toFixed(2)),
    ratio_vs_parallel_inference: Number((pipelinePerS / parallelPerS).toFixed(3)),
    end_to_end_images_per_s: Number(endToEndPerS.toFixed(2)),
  };
  if (args.json) {
    console.log(JSON.stringify(result));
  } else {
    console.log(`bench:extract on ${summary.extracted} embedded images (${EMBEDDED_IMAGES}), batch ${batchSize}`);
    console.log(`  bare onnxruntime inference   ${inferencePerS.toFixed(1)} images/s`);
    console.log(`  full extraction pipeline     ${pipelinePerS.toFixed(1)} images/s  (model loaded; with start-up ${endToEndPerS.toFixed(1)})`);
    console.log(`  ratio pipeline/inference     ${ratio.toFixed(3)}  (target >= 0.87: at most 15% overhead)`);
    console.log(`  inference on the pipeline's worker layout (no decode, no writes) ${parallelPerS.toFixed(1)} images/s; pipeline/that ${(pipelinePerS / parallelPerS).toFixed(3)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
