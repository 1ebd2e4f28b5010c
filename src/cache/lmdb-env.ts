// Opening a cache's LMDB environment: a directory holding data.mdb and lock.mdb (standard LMDB layout,
// so Python's `lmdb.open(dir)` and Go bindings read it as is).
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { open, type Database, type RootDatabase } from "lmdb";
import { CacheError } from "./cache-error.js";
import { DB } from "./keys.js";

/** The three databases of a cache. */
export interface CacheDbs {
  root: RootDatabase;
  records: Database<Buffer, Buffer>;
  /** UTF-8 string keys -> binary values. */
  meta: Database<Buffer, Buffer>;
  /** UTF-8 relative image path -> 8-byte big-endian sample id. */
  sources: Database<Buffer, Buffer>;
}

/** True when `dir` looks like a cache (an LMDB environment directory). */
export function isCacheDir(dir: string): boolean {
  return existsSync(join(dir, "data.mdb"));
}

/** Opens (or with `create`, creates) the environment at `dir`. */
export function openEnv(dir: string, opts: { readOnly: boolean }): CacheDbs {
  if (opts.readOnly) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CacheError("not-found", `no cache at ${dir}`);
    if (!isCacheDir(dir)) throw new CacheError("not-found", `${dir} is not a loff cache (no data.mdb)`);
  }
  const root = open({
    path: dir,
    maxDbs: 4,
    readOnly: opts.readOnly,
    compression: false,
    overlappingSync: false,
    noSubdir: false,
  });
  const binary = { keyEncoding: "binary", encoding: "binary", compression: false } as const;
  return {
    root,
    records: root.openDB<Buffer, Buffer>({ name: DB.records, ...binary }),
    meta: root.openDB<Buffer, Buffer>({ name: DB.meta, ...binary }),
    sources: root.openDB<Buffer, Buffer>({ name: DB.sources, ...binary }),
  };
}
