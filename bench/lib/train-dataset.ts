// The data of bench:train: the embedded images, their listing (ids, labels, splits as extraction
// assigns them) and a feature cache of them made with the embedded backbone. The demo's cache is
// reused when it matches (complete, same model and output, no pooling, same training ids);
// otherwise the images are extracted into a temporary cache that is removed afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openCacheReader } from "../../src/cache/index.js";
import { DEMO_HOME, EMBEDDED_IMAGES } from "../../src/cli/paths.js";
import type { ModelProvenance } from "../../src/cache/manifest.js";
import { resolveExtractOptions } from "../../src/extract/pipeline/extract-options.js";
import { runExtraction } from "../../src/extract/pipeline/run-extraction.js";
import { listImageSources, type SourceListing } from "../../src/extract/sources/index.js";

/** A cache of the embedded images and where it came from. */
export interface TrainBenchData {
  /** The cache directory (its folder name is the dataset name a server gives it). */
  cacheDir: string;
  listing: SourceListing;
  source: "reused" | "extracted";
  /** Removes a temporary cache. */
  cleanup(): void;
}

/** Why an existing cache cannot stand in for the images (undefined: it can). */
function mismatch(dir: string, listing: SourceListing, model: ModelProvenance): string | undefined {
  let reader;
  try {
    reader = openCacheReader(dir);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  try {
    const m = reader.manifest;
    if (m.model.onnxSha256 !== model.onnxSha256 || m.model.outputNode !== model.outputNode) return "made with another model or output";
    if (m.pool !== 1) return `pooled ${m.pool}x${m.pool}`;
    const ids = [...reader.split("train").ids];
    const want = listing.items.filter((i) => i.split === "train").map((i) => i.id);
    if (JSON.stringify(ids) !== JSON.stringify(want)) return "its training ids differ from the images' listing";
    return undefined;
  } finally {
    void reader.close();
  }
}

/** Finds or builds the cache of the embedded images for `model` (the provenance of the loaded backbone). */
export async function prepareTrainData(model: ModelProvenance, log: (s: string) => void): Promise<TrainBenchData> {
  const listing = await listImageSources(EMBEDDED_IMAGES, {});
  const demoCache = join(DEMO_HOME, "cache", "openclipart");
  const why = mismatch(demoCache, listing, model);
  if (why === undefined) {
    log(`reusing the cache ${demoCache}`);
    return { cacheDir: demoCache, listing, source: "reused", cleanup: () => undefined };
  }
  const work = mkdtempSync(join(tmpdir(), "loff-bench-train-"));
  const cacheDir = join(work, "openclipart");
  log(`not reusing ${demoCache} (${why}); extracting ${listing.items.length} images into ${cacheDir}...`);
  try {
    await runExtraction(resolveExtractOptions({ images: EMBEDDED_IMAGES, out: cacheDir }));
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
  return { cacheDir, listing, source: "extracted", cleanup: () => rmSync(work, { recursive: true, force: true }) };
}
