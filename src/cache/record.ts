// Binary layout of one cached sample (docs/cache-format.md): a 32-byte little-endian header, the
// fp16 tokens [H, W, C] row-major, then the fp16 CLS/global vector [C]. The checksum (CRC-32, IEEE)
// covers everything after the header, so a flipped payload byte is caught by `loff inspect --verify`
// and by the server (DATA_LOSS) instead of being streamed.
import { crc32 } from "node:zlib";
import { SPLITS, type SplitName } from "./manifest.js";

/** "LOFR" read as a little-endian uint32. */
export const RECORD_MAGIC = 0x52464f4c;
/** Version of the record layout. */
export const RECORD_VERSION = 1;
/** Bytes before the token payload. */
export const RECORD_HEADER_BYTES = 32;
/** Header flag: the record carries a CLS/global vector. */
export const FLAG_HAS_CLS = 1;

/** One decoded record. Arrays are views into the record's bytes (copy them to keep them). */
export interface FeatureRecord {
  label: number;
  split: SplitName;
  flags: number;
  gridHeight: number;
  gridWidth: number;
  channels: number;
  /** fp16 bit patterns, [H, W, C]. */
  tokens: Uint16Array;
  /** fp16 bit patterns, [C]. */
  cls: Uint16Array;
}

/** Fields needed to encode a record. */
export interface RecordInput {
  label: number;
  split: SplitName;
  gridHeight: number;
  gridWidth: number;
  channels: number;
  tokens: Uint16Array;
  cls: Uint16Array;
}

/** A record that fails to decode or to verify. */
export class RecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordError";
  }
}

/** Total bytes of a record with this grid. */
export function recordBytes(gridHeight: number, gridWidth: number, channels: number): number {
  return RECORD_HEADER_BYTES + 2 * (gridHeight * gridWidth * channels + channels);
}

/** Encodes a record into a new Buffer. */
export function encodeRecord(r: RecordInput): Buffer {
  const n = r.gridHeight * r.gridWidth * r.channels;
  if (r.tokens.length !== n) throw new RangeError(`tokens hold ${r.tokens.length} values, grid needs ${n}`);
  if (r.cls.length !== r.channels) throw new RangeError(`cls holds ${r.cls.length} values, need ${r.channels}`);
  if (!Number.isInteger(r.label) || r.label < 0 || r.label > 0x7fffffff) throw new RangeError(`bad label ${r.label}`);
  // Every byte is written below (the header's reserved bytes by the fill), so skip zeroing the payload.
  const buf = Buffer.allocUnsafeSlow(recordBytes(r.gridHeight, r.gridWidth, r.channels));
  buf.fill(0, 0, RECORD_HEADER_BYTES);
  const payload = new Uint16Array(buf.buffer, buf.byteOffset + RECORD_HEADER_BYTES, n + r.channels);
  payload.set(r.tokens, 0);
  payload.set(r.cls, n);
  buf.writeUInt32LE(RECORD_MAGIC, 0);
  buf.writeUInt16LE(RECORD_VERSION, 4);
  buf.writeUInt16LE(FLAG_HAS_CLS, 6);
  buf.writeInt32LE(r.label, 8);
  buf.writeUInt8(SPLITS.indexOf(r.split), 12);
  buf.writeUInt16LE(r.gridHeight, 16);
  buf.writeUInt16LE(r.gridWidth, 18);
  buf.writeUInt32LE(r.channels, 20);
  buf.writeUInt32LE(crc32(buf.subarray(RECORD_HEADER_BYTES)), 24);
  return buf;
}

/** Reads the header; throws RecordError when it is not a record of this format. */
export function decodeHeader(buf: Uint8Array): Omit<FeatureRecord, "tokens" | "cls"> & { checksum: number } {
  if (buf.length < RECORD_HEADER_BYTES) throw new RecordError(`record of ${buf.length} bytes is shorter than its header`);
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.readUInt32LE(0) !== RECORD_MAGIC) throw new RecordError("record magic mismatch");
  const version = b.readUInt16LE(4);
  if (version !== RECORD_VERSION) throw new RecordError(`record version ${version} is not supported`);
  const splitCode = b.readUInt8(12);
  const split = SPLITS[splitCode];
  if (split === undefined) throw new RecordError(`unknown split code ${splitCode}`);
  const gridHeight = b.readUInt16LE(16);
  const gridWidth = b.readUInt16LE(18);
  const channels = b.readUInt32LE(20);
  if (buf.length !== recordBytes(gridHeight, gridWidth, channels)) {
    throw new RecordError(`record is ${buf.length} bytes, its header says ${recordBytes(gridHeight, gridWidth, channels)}`);
  }
  return { flags: b.readUInt16LE(6), label: b.readInt32LE(8), split, gridHeight, gridWidth, channels, checksum: b.readUInt32LE(24) };
}

/** True when the payload checksum matches the header. */
export function verifyRecord(buf: Uint8Array): boolean {
  const h = decodeHeader(buf);
  return crc32(buf.subarray(RECORD_HEADER_BYTES)) === h.checksum;
}

/**
 * Decodes a record. The token and CLS views alias `buf` when it is 2-byte aligned, otherwise they are copies.
 * With `verify`, a checksum mismatch throws RecordError.
 */
export function decodeRecord(buf: Uint8Array, verify = false): FeatureRecord {
  const h = decodeHeader(buf);
  if (verify && crc32(buf.subarray(RECORD_HEADER_BYTES)) !== h.checksum) throw new RecordError("record checksum mismatch");
  const n = h.gridHeight * h.gridWidth * h.channels;
  const start = buf.byteOffset + RECORD_HEADER_BYTES;
  const payload =
    start % 2 === 0
      ? new Uint16Array(buf.buffer, start, n + h.channels)
      : new Uint16Array(buf.slice(RECORD_HEADER_BYTES).buffer, 0, n + h.channels);
  return {
    label: h.label,
    split: h.split,
    flags: h.flags,
    gridHeight: h.gridHeight,
    gridWidth: h.gridWidth,
    channels: h.channels,
    tokens: payload.subarray(0, n),
    cls: payload.subarray(n),
  };
}
