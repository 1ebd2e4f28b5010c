// The sample index stored under meta "index": one 16-byte little-endian entry per record
// (id u64, label i32, split u8, 3 reserved bytes), in id order. Readers use it to list a split
// without touching the records.
import { SPLITS, type SplitName } from "./manifest.js";

/** Bytes per index entry. */
export const INDEX_ENTRY_BYTES = 16;

/** One index entry. */
export interface IndexEntry {
  id: number;
  label: number;
  split: SplitName;
}

/** The ids and labels of one split, in id order. */
export interface SplitIndex {
  ids: Float64Array;
  labels: Int32Array;
}

/** Encodes entries (must be in ascending id order). */
export function encodeIndex(entries: readonly IndexEntry[]): Buffer {
  const b = Buffer.alloc(entries.length * INDEX_ENTRY_BYTES);
  let prev = -1;
  entries.forEach((e, i) => {
    if (e.id <= prev) throw new RangeError("index entries must be in ascending id order");
    prev = e.id;
    const o = i * INDEX_ENTRY_BYTES;
    b.writeBigUInt64LE(BigInt(e.id), o);
    b.writeInt32LE(e.label, o + 8);
    b.writeUInt8(SPLITS.indexOf(e.split), o + 12);
  });
  return b;
}

/** Decodes the index and groups it by split. */
export function decodeIndex(buf: Uint8Array): Map<SplitName, SplitIndex> {
  if (buf.length % INDEX_ENTRY_BYTES !== 0) throw new RangeError(`index of ${buf.length} bytes is not a whole number of entries`);
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = buf.length / INDEX_ENTRY_BYTES;
  const bySplit = new Map<SplitName, { ids: number[]; labels: number[] }>();
  for (let i = 0; i < n; i++) {
    const o = i * INDEX_ENTRY_BYTES;
    const split = SPLITS[b.readUInt8(o + 12)];
    if (split === undefined) throw new RangeError(`index entry ${i} has an unknown split code`);
    let s = bySplit.get(split);
    if (s === undefined) bySplit.set(split, (s = { ids: [], labels: [] }));
    s.ids.push(Number(b.readBigUInt64LE(o)));
    s.labels.push(b.readInt32LE(o + 8));
  }
  const out = new Map<SplitName, SplitIndex>();
  for (const [k, v] of bySplit) out.set(k, { ids: Float64Array.from(v.ids), labels: Int32Array.from(v.labels) });
  return out;
}
