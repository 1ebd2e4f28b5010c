// Opening a cache's LMDB environment: a directory holding data.mdb and lock.mdb (standard LMDB layout,
// so Python's `lmdb.open(dir)` and Go bindings read it as is).
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
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
  /** Sample id -> label, split and per-channel sums of the record's tokens (see record-summary.ts). */
  summaries: Database<Buffer, Buffer>;
}

/** LMDB's meta-page magic (0xBEEFC0DE, little-endian) sits within the first 32 bytes of data.mdb. */
const LMDB_MAGIC = Buffer.from([0xde, 0xc0, 0xef, 0xbe]);

/**
 * Checks that data.mdb starts like an LMDB file. The native binding crashes the process on a file that
 * is not one, so a damaged or foreign file must be caught before it is opened.
 */
export function assertLmdbFile(dir: string): void {
  const file = join(dir, "data.mdb");
  const head = Buffer.alloc(64);
  const fd = openSync(file, "r");
  let n: number;
  try {
    n = readSync(fd, head, 0, 64, 0);
  } finally {
    closeSync(fd);
  }
  const at = head.subarray(0, n).indexOf(LMDB_MAGIC);
  if (n < 64 || at < 0 || at > 32) throw new CacheError("format", `${file} is not an LMDB file (damaged or foreign)`);
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
  if (isCacheDir(dir)) assertLmdbFile(dir);
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
    summaries: root.openDB<Buffer, Buffer>({ name: DB.summaries, ...binary }),
  };
}
