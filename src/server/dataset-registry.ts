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

/** Opens every cache under `cacheDir` (or `cacheDir` itself); refuses an empty folder. */
export function openDatasets(cacheDir: string): Dataset[] {
  const root = resolve(cacheDir);
  const dirs = isCacheDir(root)
    ? [root]
    : readdirSync(root, { withFileTypes: true })
        .filter((e) => e.isDirectory() && isCacheDir(join(root, e.name)))
        .map((e) => join(root, e.name))
        .sort();
  if (dirs.length === 0) throw new CacheError("not-found", `${root} is neither a loff cache nor a folder of caches`);
  const out: Dataset[] = [];
  try {
    for (const dir of dirs) {
      const reader = openCacheReader(dir);
      out.push({
        name: basename(dir),
        reader,
        channelMean: channelStat(reader.manifest.channelMean, reader.manifest.channels, 0),
        channelStd: channelStat(reader.manifest.channelStd, reader.manifest.channels, 1),
      });
    }
  } catch (err) {
    for (const d of out) void d.reader.close();
    throw err;
  }
  return out;
}

// A cache without a train split has no statistics; neutral values keep augmentation defined.
function channelStat(values: number[], channels: number, fallback: number): Float32Array {
  return values.length === channels ? Float32Array.from(values) : new Float32Array(channels).fill(fallback);
}
