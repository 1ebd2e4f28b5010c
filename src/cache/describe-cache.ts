// A summary of any cache, finished or not, for `loff inspect`.
import { statSync } from "node:fs";
import { join } from "node:path";
import { openEnv } from "./lmdb-env.js";
import { readManifest } from "./manifest-io.js";
import type { Manifest } from "./manifest.js";

/** What `loff inspect` shows. */
export interface CacheDescription {
  path: string;
  manifest: Manifest;
  /** Records present (may exceed the manifest's counts while an extraction is unfinished). */
  records: number;
  sizeBytes: number;
}

/** Reads the manifest and counts records without requiring the cache to be complete. */
export async function describeCache(dir: string): Promise<CacheDescription> {
  const dbs = openEnv(dir, { readOnly: true });
  try {
    const manifest = readManifest(dbs.meta, dir);
    const records = dbs.records.getStats() as { entryCount: number };
    return { path: dir, manifest, records: records.entryCount, sizeBytes: statSync(join(dir, "data.mdb")).size };
  } finally {
    await dbs.root.close();
  }
}
