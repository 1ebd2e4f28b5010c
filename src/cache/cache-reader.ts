// Read-only access to a finished cache: the manifest, the split index and records by id.
// Reads are synchronous (lmdb-js getAsync crashes on large values on Node 20) and copy each
// record straight into a caller-provided buffer.
import { statSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { CacheError } from "./cache-error.js";
import { decodeIndex, type SplitIndex } from "./index-table.js";
import { META, idKey, strKey } from "./keys.js";
import { openEnv, type CacheDbs } from "./lmdb-env.js";
import { readManifest } from "./manifest-io.js";
import { SPLITS, type Manifest, type SplitName } from "./manifest.js";
import { RECORD_HEADER_BYTES, decodeHeader, decodeRecord, recordBytes, type FeatureRecord } from "./record.js";

/** A finished cache opened for reading. */
export interface CacheReader {
  readonly path: string;
  readonly manifest: Manifest;
  /** Bytes of one record. */
  readonly recordBytes: number;
  /** Splits present, in canonical order. */
  splitNames(): SplitName[];
  /** Ids and labels of a split in id order; CacheError("not-found") for an absent split. */
  split(name: string): SplitIndex;
  /** Decodes one record (a private copy); with `verify`, a bad checksum throws CacheError("corrupt"). */
  get(id: number, verify?: boolean): FeatureRecord;
  /**
   * Copies the fp16 tokens of `id` into `tokens` at element offset `tokenOffset` and its CLS vector into `cls`
   * at `clsOffset` (when given). Verifies the checksum the first time this reader reads the record (the
   * cache is read-only while open, and a multi-epoch stream would otherwise re-check every record
   * every epoch: ~12% of a sender's time). Returns the label.
   */
  readInto(id: number, tokens: Uint16Array, tokenOffset: number, cls?: Uint16Array, clsOffset?: number): number;
  /** Size of the environment on disk. */
  sizeBytes(): number;
  close(): Promise<void>;
}

/** Opens a finished cache; incomplete or foreign caches are refused with a CacheError. */
export function openCacheReader(dir: string): CacheReader {
  const dbs = openEnv(dir, { readOnly: true });
  try {
    return createReader(dir, dbs);
  } catch (err) {
    void dbs.root.close();
    throw err;
  }
}

function createReader(dir: string, dbs: CacheDbs): CacheReader {
  const manifest = readManifest(dbs.meta, dir);
  if (!manifest.complete) {
    throw new CacheError("incomplete", `${dir} is incomplete (an extraction did not finish); re-run \`loff extract\` to complete it`);
  }
  const rawIndex = dbs.meta.getBinary(strKey(META.index));
  if (rawIndex === undefined) throw new CacheError("format", `${dir} has no sample index`);
  const index = decodeIndex(Buffer.from(rawIndex));
  const { gridHeight: h, gridWidth: w, channels: c } = manifest;
  const size = recordBytes(h, w, c);
  const nTokens = h * w * c;
  const verified = verifiedSet(index.values());

  const fetch = (id: number): Buffer => {
    const v = dbs.records.getBinaryFast(idKey(id));
    if (v === undefined) throw new CacheError("corrupt", `${dir}: record ${id} is in the index but missing`);
    // getBinaryFast hands out a reused buffer whose `length` is patched; take a proper view of it.
    const view = Buffer.from(v.buffer, v.byteOffset, v.length);
    if (view.length !== size) throw new CacheError("corrupt", `${dir}: record ${id} has ${view.length} bytes, expected ${size}`);
    return view;
  };

  return {
    path: dir,
    manifest,
    recordBytes: size,
    splitNames: () => SPLITS.filter((s) => index.has(s)),
    split(name) {
      const s = index.get(name as SplitName);
      if (s === undefined) {
        throw new CacheError("not-found", `split "${name}" not found; available: ${[...index.keys()].join(", ")}`);
      }
      return s;
    },
    get(id, verify = true) {
      const v = Buffer.from(fetch(id)); // getBinaryFast reuses its buffer: copy before decoding
      try {
        return decodeRecord(v, verify);
      } catch (err) {
        throw new CacheError("corrupt", `${dir}: record ${id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    readInto(id, tokens, tokenOffset, cls, clsOffset = 0) {
      const v = fetch(id);
      let header;
      try {
        header = decodeHeader(v);
      } catch (err) {
        throw new CacheError("corrupt", `${dir}: record ${id}: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!verified.has(id)) {
        if (crc32(v.subarray(RECORD_HEADER_BYTES)) !== header.checksum) {
          throw new CacheError("corrupt", `${dir}: record ${id} fails its checksum`);
        }
        verified.add(id);
      }
      const dst = Buffer.from(tokens.buffer, tokens.byteOffset + tokenOffset * 2, nTokens * 2);
      v.copy(dst, 0, RECORD_HEADER_BYTES, RECORD_HEADER_BYTES + nTokens * 2);
      if (cls !== undefined) {
        const dc = Buffer.from(cls.buffer, cls.byteOffset + clsOffset * 2, c * 2);
        v.copy(dc, 0, RECORD_HEADER_BYTES + nTokens * 2, size);
      }
      return header.label;
    },
    sizeBytes: () => statSync(join(dir, "data.mdb")).size,
    close: () => dbs.root.close(),
  };
}

/** The ids whose checksum passed: a byte per id when ids are dense (as loff assigns them), else a Set. */
function verifiedSet(splits: Iterable<SplitIndex>): { has(id: number): boolean; add(id: number): void } {
  let maxId = -1;
  let count = 0;
  for (const s of splits) {
    count += s.ids.length;
    for (const id of s.ids) maxId = Math.max(maxId, id);
  }
  if (maxId + 1 > 4 * count + 65536) return new Set<number>();
  const seen = new Uint8Array(maxId + 1);
  return {
    has: (id) => seen[id] === 1,
    add: (id) => void (seen[id] = 1),
  };
}
