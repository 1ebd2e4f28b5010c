// A reusable, SharedArrayBuffer-backed message buffer of one stream. Augmentation workers write
// the tokens payload straight into it at DATA_OFFSET (4-byte aligned for fp32 views); the header is
// written in front and the tail after, and the message handed to grpc-js is a view of these bytes.
// grpc-js copies a message when it frames it, inside write(), so a slot is free again right after.
import { DATA_OFFSET, type BatchTail, type TensorHead, tensorPrefixSize, writeTail, writeTensorPrefix } from "./batch-encoder.js";

/** One message buffer; `begin` lays out a batch, `finish` closes it and returns the message bytes. */
export interface MessageSlot {
  /** Bytes reserved by this slot. */
  readonly capacity: number;
  /** Starts a message whose tokens tensor has `head` and `dataLen` payload bytes. */
  begin(head: TensorHead, dataLen: number): void;
  /** The payload region of the current message as fp16 elements. */
  tokensU16(): Uint16Array;
  /** The payload region of the current message as fp32 elements. */
  tokensF32(): Float32Array;
  /** Writes the tail and returns the whole message (a view of the slot). */
  finish(tail: BatchTail): Buffer;
}

/** Allocates a slot able to hold a payload of `maxData` bytes plus a tail of `maxTail` bytes. */
export function createMessageSlot(maxData: number, maxTail: number): MessageSlot {
  const capacity = DATA_OFFSET + maxData + maxTail;
  const sab = new SharedArrayBuffer(capacity);
  const bytes = new Uint8Array(sab);
  let start = -1;
  let dataLen = 0;
  return {
    capacity,
    begin(head, len) {
      if (len > maxData) throw new RangeError(`payload of ${len} bytes exceeds the slot's ${maxData}`);
      const prefix = tensorPrefixSize(head, len);
      start = DATA_OFFSET - prefix;
      const end = writeTensorPrefix(bytes, start, 10, head, len);
      if (end !== DATA_OFFSET) throw new Error("tensor prefix size mismatch");
      dataLen = len;
    },
    tokensU16: () => new Uint16Array(sab, DATA_OFFSET, dataLen / 2),
    tokensF32: () => new Float32Array(sab, DATA_OFFSET, dataLen / 4),
    finish(tail) {
      if (start < 0) throw new Error("finish() before begin()");
      const end = writeTail(bytes, DATA_OFFSET + dataLen, tail);
      if (end > capacity) throw new RangeError("message exceeds its slot");
      const msg = Buffer.from(sab, start, end - start);
      start = -1;
      return msg;
    },
  };
}
