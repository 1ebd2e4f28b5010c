// The datasets a server serves: one cache directory, or a folder whose sub-folders are caches
// (each named by its folder). Caches are opened read-only once, at start-up.
import { readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { CacheError, isCacheDir, openCacheReader, type CacheReader } from "../cache/index.js";

/** One served dataset. */
export interface Dataset {
  readonly name: string;
  readonly reader: CacheReader;
  /** Per-channel train statistics as fp32, for augmentation jobs. */
  readonly channelMean: Float32Array;
  readonly channelStd: Float32Array;
}

/** The caches a server opened, and those of a folder it could not open (name -> reason). */
export interface OpenedDatasets {
  datasets: Dataset[];
  unavailable: Map<string, string>;
}

/**
 * Opens every cache under `cacheDir` (or `cacheDir` itself). In a folder of caches, one that cannot be
 * opened (unfinished extraction, damaged, foreign format) is left out and reported, so the others are
 * still served; a single cache that cannot be opened, or a folder where none can, is an error.
 */
export function openDatasets(cacheDir: string): OpenedDatasets {
  const root = resolve(cacheDir);
  const single = isCacheDir(root);
  const dirs = single
    ? [root]
    : readdirSync(root, { withFileTypes: true })
        .filter((e) => e.isDirectory() && isCacheDir(join(root, e.name)))
        .map((e) => join(root, e.name))
        .sort();
  if (dirs.length === 0) throw new CacheError("not-found", `${root} is neither a loff cache nor a folder of caches`);
  const datasets: Dataset[] = [];
  const unavailable = new Map<string, string>();
  for (const dir of dirs) {
    let reader: CacheReader;
    try {
      reader = openCacheReader(dir);
    } catch (err) {
      if (single || !(err instanceof CacheError)) {
        for (const d of datasets) void d.reader.close();
        throw err;
      }
      unavailable.set(basename(dir), err.message);
      continue;
    }
    datasets.push({
      name: basename(dir),
      reader,
      channelMean: channelStat(reader.manifest.channelMean, reader.manifest.channels, 0),
      channelStd: channelStat(reader.manifest.channelStd, reader.manifest.channels, 1),
    });
  }
  if (datasets.length === 0) {
    throw new CacheError("format", `no cache under ${root} can be served: ${[...unavailable].map(([n, r]) => `${n}: ${r}`).join("; ")}`);
  }
  return { datasets, unavailable };
}

// A cache without a train split has no statistics; neutral values keep augmentation defined.
function channelStat(values: number[], channels: number, fallback: number): Float32Array {
  return values.length === channels ? Float32Array.from(values) : new Float32Array(channels).fill(fallback);
}
