// A received batch as typed arrays. Tensor payloads are views of the received message when they
// are aligned, copies otherwise (protobuf gives no alignment guarantee). The generated decoder keeps
// bytes fields as views (ts-proto env=both; env=node copied every payload, a 6 MB copy per batch).
import { dtypeFromProto, type DType } from "../contract/dtype.js";
import { StreamBatchesResponse, type Cursor } from "../gen/loff/v1/feature_service.js";
import type { Tensor } from "../gen/loff/v1/tensor.js";

/** One batch of a stream. */
export interface FeatureBatch {
  /** Tokens [B, N, C] or [B, H, W, C]: fp16 bit patterns (Uint16Array) or fp32 values. */
  tokens: Uint16Array | Float32Array;
  dtype: DType;
  shape: number[];
  /** CLS/global vectors [B, C], absent when not requested. */
  cls?: Uint16Array | Float32Array;
  labels: Int32Array;
  ids: number[];
  /** Resumes the stream right after this batch. */
  cursor: Cursor;
  epoch: number;
  batchIndex: number;
  /** Size of the protobuf message. */
  messageBytes: number;
}

function tensorArray(t: Tensor): Uint16Array | Float32Array {
  const dtype = dtypeFromProto(t.dtype);
  const size = dtype === "float16" ? 2 : 4;
  let d = t.data;
  // A copy into a fresh buffer (a Buffer's own slice() would be another view).
  if (d.byteOffset % size !== 0) d = new Uint8Array(d);
  return dtype === "float16" ? new Uint16Array(d.buffer, d.byteOffset, d.length / 2) : new Float32Array(d.buffer, d.byteOffset, d.length / 4);
}

/** Decodes a StreamBatchesResponse message. */
export function decodeBatch(message: Buffer): FeatureBatch {
  const m = StreamBatchesResponse.decode(message);
  if (m.tokens === undefined) throw new Error("batch without tokens");
  const batch: FeatureBatch = {
    tokens: tensorArray(m.tokens),
    dtype: dtypeFromProto(m.tokens.dtype),
    shape: m.tokens.shape,
    labels: Int32Array.from(m.labels),
    ids: m.sampleIds,
    cursor: m.cursor ?? { epoch: 0, offset: 0, fingerprint: 0 },
    epoch: m.epoch,
    batchIndex: m.batchIndex,
    messageBytes: message.length,
  };
  if (m.cls !== undefined) batch.cls = tensorArray(m.cls);
  return batch;
}
