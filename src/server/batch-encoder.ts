// The pass-through serializer of StreamBatchesResponse. The tokens payload is written in place
// (by the LMDB read or the augmenter) at a fixed, aligned offset of a message buffer; the small
// header is written in front of it and the rest of the message after it, so the final message is a
// view of one buffer. The bytes equal StreamBatchesResponse.encode(...) of the same batch.
import { int32Size, varintSize, writeFixed64, writeInt32, writeVarint } from "./wire-format.js";

/** Offset of the tokens payload in a message buffer; the header (< 64 bytes) is written before it. */
export const DATA_OFFSET = 64;

/** A tensor's header fields (contract DataType value and shape). */
export interface TensorHead {
  dtype: number;
  shape: readonly number[];
}

/** Everything of a batch message after the tokens payload. */
export interface BatchTail {
  cls?: { head: TensorHead; data: Uint8Array };
  labels: ArrayLike<number>;
  ids: ArrayLike<number>;
  cursor: { epoch: number; offset: number; fingerprint: number };
  epoch: number;
  batchIndex: number;
}

function tensorInnerHeadSize(h: TensorHead, dataLen: number): number {
  let n = 0;
  if (h.dtype !== 0) n += 1 + varintSize(h.dtype);
  if (h.shape.length > 0) {
    let s = 0;
    for (const d of h.shape) s += varintSize(d);
    n += 1 + varintSize(s) + s;
  }
  if (dataLen > 0) n += 1 + varintSize(dataLen);
  return n;
}

/** Writes field `tag` holding a Tensor up to (not including) its data; returns the data position. */
export function writeTensorPrefix(buf: Uint8Array, pos: number, tag: number, h: TensorHead, dataLen: number): number {
  const inner = tensorInnerHeadSize(h, dataLen);
  buf[pos++] = tag;
  pos = writeVarint(buf, pos, inner + dataLen);
  if (h.dtype !== 0) {
    buf[pos++] = 8;
    pos = writeVarint(buf, pos, h.dtype);
  }
  if (h.shape.length > 0) {
    let s = 0;
    for (const d of h.shape) s += varintSize(d);
    buf[pos++] = 18;
    pos = writeVarint(buf, pos, s);
    for (const d of h.shape) pos = writeVarint(buf, pos, d);
  }
  if (dataLen > 0) {
    buf[pos++] = 26;
    pos = writeVarint(buf, pos, dataLen);
  }
  return pos;
}

/** Bytes of a tensor field's prefix (tag, length, dtype, shape, data tag and length). */
export function tensorPrefixSize(h: TensorHead, dataLen: number): number {
  const inner = tensorInnerHeadSize(h, dataLen);
  return 1 + varintSize(inner + dataLen) + inner;
}

function cursorSize(c: BatchTail["cursor"]): number {
  return (c.epoch !== 0 ? 1 + varintSize(c.epoch) : 0) + (c.offset !== 0 ? 1 + varintSize(c.offset) : 0) + (c.fingerprint !== 0 ? 9 : 0);
}

/** Upper bound of the tail's bytes for `batch` samples with a CLS payload of `clsBytes`. */
export function maxTailBytes(batch: number, clsBytes: number): number {
  return 128 + clsBytes + 22 * batch;
}

/** Writes the tail (cls, labels, ids, cursor, epoch, batch index) at `pos`; returns the end. */
export function writeTail(buf: Uint8Array, pos: number, t: BatchTail): number {
  if (t.cls !== undefined) {
    pos = writeTensorPrefix(buf, pos, 18, t.cls.head, t.cls.data.length);
    buf.set(t.cls.data, pos);
    pos += t.cls.data.length;
  }
  if (t.labels.length > 0) {
    let s = 0;
    for (let i = 0; i < t.labels.length; i++) s += int32Size(t.labels[i] as number);
    buf[pos++] = 26;
    pos = writeVarint(buf, pos, s);
    for (let i = 0; i < t.labels.length; i++) pos = writeInt32(buf, pos, t.labels[i] as number);
  }
  if (t.ids.length > 0) {
    let s = 0;
    for (let i = 0; i < t.ids.length; i++) s += varintSize(t.ids[i] as number);
    buf[pos++] = 34;
    pos = writeVarint(buf, pos, s);
    for (let i = 0; i < t.ids.length; i++) pos = writeVarint(buf, pos, t.ids[i] as number);
  }
  const c = t.cursor;
  buf[pos++] = 42;
  pos = writeVarint(buf, pos, cursorSize(c));
  if (c.epoch !== 0) {
    buf[pos++] = 8;
    pos = writeVarint(buf, pos, c.epoch);
  }
  if (c.offset !== 0) {
    buf[pos++] = 16;
    pos = writeVarint(buf, pos, c.offset);
  }
  if (c.fingerprint !== 0) {
    buf[pos++] = 25;
    pos = writeFixed64(buf, pos, c.fingerprint);
  }
  if (t.epoch !== 0) {
    buf[pos++] = 48;
    pos = writeVarint(buf, pos, t.epoch);
  }
  if (t.batchIndex !== 0) {
    buf[pos++] = 56;
    pos = writeVarint(buf, pos, t.batchIndex);
  }
  return pos;
}
