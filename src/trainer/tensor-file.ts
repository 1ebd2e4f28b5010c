// A named set of float32 arrays as two files: a little-endian binary blob and a JSON index
// ({name, shape, offset, length} per entry, plus the blob's sha256 to catch torn or edited files).
import { createHash } from "node:crypto";
import { endianness } from "node:os";

/** One entry of a tensor file index. */
export interface TensorIndexEntry {
  name: string;
  shape: number[];
  dtype: "float32";
  /** Byte offset in the blob. */
  offset: number;
  /** Number of elements. */
  length: number;
}

/** The JSON index of a tensor file. */
export interface TensorIndex {
  byteLength: number;
  sha256: string;
  entries: TensorIndexEntry[];
}

function assertLittleEndian(): void {
  if (endianness() !== "LE") throw new Error("checkpoints are little-endian; big-endian hosts are not supported");
}

/** Encodes arrays (in the given order) into a blob and its index. */
export function encodeTensors(tensors: ReadonlyArray<{ name: string; shape: number[]; data: Float32Array }>): { index: TensorIndex; blob: Buffer } {
  assertLittleEndian();
  const entries: TensorIndexEntry[] = [];
  let offset = 0;
  for (const t of tensors) {
    entries.push({ name: t.name, shape: t.shape, dtype: "float32", offset, length: t.data.length });
    offset += t.data.byteLength;
  }
  const blob = Buffer.alloc(offset);
  tensors.forEach((t, i) => blob.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), (entries[i] as TensorIndexEntry).offset));
  return { index: { byteLength: offset, sha256: createHash("sha256").update(blob).digest("hex"), entries }, blob };
}

/** Decodes a blob with its index into arrays keyed by name; verifies size and checksum. */
export function decodeTensors(index: TensorIndex, blob: Uint8Array, what: string): Map<string, Float32Array> {
  assertLittleEndian();
  if (blob.byteLength !== index.byteLength) throw new Error(`${what}: ${blob.byteLength} bytes, index says ${index.byteLength}`);
  if (createHash("sha256").update(blob).digest("hex") !== index.sha256) throw new Error(`${what}: checksum mismatch`);
  const out = new Map<string, Float32Array>();
  for (const e of index.entries) {
    // Copy: the blob's offset need not be 4-byte aligned for a Float32Array view.
    const bytes = blob.slice(e.offset, e.offset + e.length * 4);
    out.set(e.name, new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
  }
  return out;
}
