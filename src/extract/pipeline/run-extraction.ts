// Step 1 of LOFF-TA: every image goes once, un-augmented, through the frozen model; the token grid
// (optionally pooled) and the CLS/global vector are stored as fp16. Worker threads decode, infer, pool
// and encode whole batches in parallel; the main thread only writes. Each batch is one LMDB
// transaction, so a killed run leaves whole records and a re-run continues where it stopped.
import { CacheError, openCacheWriter, type CacheWriter, type Manifest, type WriteItem } from "../../cache/index.js";
import { ExtractInputError } from "../extract-input-error.js";
import { loadFeatureModel } from "../models/feature-model.js";
import { createModelWorkerPool, type Fp16Features, type ModelWorkerPool } from "../models/model-worker-pool.js";
import { listImageSources, type ImageSource } from "../sources/index.js";
import type { ExtractOptions } from "./extract-options.js";
import type { ExtractSummary } from "./extract-summary.js";

/** Progress callback: images done (extracted + skipped in this run) of `total` to do. */
export type ExtractProgress = (done: number, total: number) => void;

/** Runs an extraction and returns its summary. */
export async function runExtraction(opts: ExtractOptions, onProgress?: ExtractProgress): Promise<ExtractSummary> {
  const started = performance.now();
  const listing = await listImageSources(opts.images, { valFraction: opts.valFraction, seed: opts.seed });
  // This session only describes the model (spec, grid, provenance); decoding and inference run on
  // worker threads (onnxruntime's run blocks its thread), one single-threaded session each, while the
  // main thread writes finished batches.
  const model = await loadFeatureModel({ model: opts.model, output: opts.output, intraOpThreads: 1 });
  let pool: ModelWorkerPool | undefined;
  let writer: CacheWriter | undefined;
  try {
    if (model.gridHeight % opts.pool !== 0 || model.gridWidth % opts.pool !== 0) {
      throw new ExtractInputError(`--pool ${opts.pool} does not divide the ${model.gridHeight}x${model.gridWidth} grid of output ${model.spec.outputNode}`);
    }
    const gridHeight = model.gridHeight / opts.pool;
    const gridWidth = model.gridWidth / opts.pool;
    writer = await openCacheWriter(
      opts.out,
      {
        model: model.provenance,
        gridHeight,
        gridWidth,
        channels: model.channels,
        dtype: "float16",
        pool: opts.pool,
        labelNames: listing.labelNames,
      },
      { overwrite: opts.overwrite },
    );
    const todo = pendingItems(writer, listing.items);
    const skipped: Manifest["skipped"] = listing.nonImages.map((path) => ({ path, reason: "not an image file" }));
    const pixelsPerImage = 3 * model.spec.inputHeight * model.spec.inputWidth;
    const batches: ImageSource[][] = [];
    for (let i = 0; i < todo.length; i += opts.batchSize) batches.push(todo.slice(i, i + opts.batchSize));

    pool = batches.length > 0 ? await createModelWorkerPool({ model: opts.model, output: opts.output, pool: opts.pool }, Math.min(opts.workers, batches.length)) : undefined;
    let done = 0;
    let extracted = 0;
    let nextBatch = 0;
    let writes: Promise<void> = Promise.resolve();
    const out = writer;
    onProgress?.(0, todo.length);
    // One lane more than workers: while the main thread writes a lane's batch, every worker still has one to run.
    const lane = async (failed: AbortSignal): Promise<void> => {
      // Moved to a worker during decoding and inference and handed back: no copy of the pixels either way.
      let pixels: Float32Array = new Float32Array(opts.batchSize * pixelsPerImage);
      for (let b = nextBatch++; b < batches.length && !failed.aborted; b = nextBatch++) {
        const batch = batches[b] as ImageSource[];
        const result = await (pool as ModelWorkerPool).run(batch.map((it) => it.path), pixels);
        pixels = result.pixels;
        const bad = new Set(result.failed.map((f) => f.index));
        for (const f of result.failed) skipped.push({ path: (batch[f.index] as ImageSource).relPath, reason: f.reason });
        const good = batch.filter((_, i) => !bad.has(i));
        if (good.length > 0) {
          const items = toWriteItems(good, result, gridHeight, gridWidth, model.channels);
          // Writes are serialised: one LMDB write transaction at a time, each a whole batch.
          writes = writes.then(() => out.putBatch(items));
          await writes;
          extracted += items.length;
        }
        done += batch.length;
        onProgress?.(done, todo.length);
      }
    };
    const stop = new AbortController();
    await Promise.all(
      Array.from({ length: (pool?.workers ?? 0) + 1 }, () =>
        lane(stop.signal).catch((err: unknown) => {
          stop.abort();
          throw err;
        }),
      ),
    );
    // Lanes finish in any order: list skipped files deterministically.
    skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const manifest = await writer.finalize(skipped);
    const seconds = (performance.now() - started) / 1000;
    return {
      cache: opts.out,
      images: listing.items.length,
      extracted,
      reused: listing.items.length - todo.length,
      skipped,
      splits: Object.fromEntries(Object.entries(manifest.splits).map(([k, v]) => [k, v?.samples ?? 0])),
      grid: [gridHeight, gridWidth],
      channels: model.channels,
      seconds,
      imagesPerSecond: extracted / seconds,
    };
  } finally {
    await writer?.close();
    await pool?.close();
    await model.close();
  }
}

/** Items not yet in the cache; refuses a cache whose ids were assigned to other images. */
function pendingItems(writer: CacheWriter, items: readonly ImageSource[]): ImageSource[] {
  const todo: ImageSource[] = [];
  for (const it of items) {
    const stored = writer.storedId(it.relPath);
    if (stored === undefined) {
      if (writer.hasId(it.id)) {
        throw new CacheError("mismatch", `${writer.path} was made from a different set of images (id ${it.id} belongs to another file); pass --overwrite to rebuild it`);
      }
      todo.push(it);
    } else if (stored !== it.id) {
      throw new CacheError("mismatch", `${writer.path} was made from a different set of images (${it.relPath} had id ${stored}, now ${it.id}); pass --overwrite to rebuild it`);
    }
  }
  return todo;
}

/** Cache records of a batch's finished (pooled, fp16) features. */
function toWriteItems(items: readonly ImageSource[], out: Fp16Features, gridHeight: number, gridWidth: number, channels: number): WriteItem[] {
  const perTokens = gridHeight * gridWidth * channels;
  return items.map((it, i) => ({
    id: it.id,
    relPath: it.relPath,
    record: {
      label: it.label,
      split: it.split,
      gridHeight,
      gridWidth,
      channels,
      tokens: out.tokens.subarray(i * perTokens, (i + 1) * perTokens),
      cls: out.cls.subarray(i * channels, (i + 1) * channels),
    },
    sums: { sum: out.sums.subarray(2 * i * channels, (2 * i + 1) * channels), sumSq: out.sums.subarray((2 * i + 1) * channels, (2 * i + 2) * channels) },
  }));
}
