// A received batch as typed arrays. Tensor payloads are views of the received message when they
// are aligned, copies otherwise (protobuf gives no alignment guarantee). The message is walked here
// rather than by the generated decoder, which copies every bytes field (a 6 MB copy per batch, ~10%
// of a receiving core); the few small fields still go through the generated code.
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { dtypeFromProto, type DType } from "../contract/dtype.js";
import { Cursor } from "../gen/loff/v1/feature_service.js";
import { DataType } from "../gen/loff/v1/tensor.js";

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

/** A tensor field whose data is a view of the message. */
interface TensorView {
  dtype: DataType;
  shape: number[];
  data: Uint8Array;
}

/** Decodes a Tensor message (tensor.proto: dtype = 1, shape = 2, data = 3) without copying its data. */
function decodeTensorView(bytes: Uint8Array): TensorView {
  const r = new BinaryReader(bytes);
  const t: TensorView = { dtype: DataType.DATA_TYPE_UNSPECIFIED, shape: [], data: new Uint8Array(0) };
  while (r.pos < r.len) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.Varint) t.dtype = r.int32() as DataType;
    else if (field === 2 && wire === WireType.LengthDelimited) for (const end = r.uint32() + r.pos; r.pos < end; ) t.shape.push(r.uint32());
    else if (field === 2 && wire === WireType.Varint) t.shape.push(r.uint32());
    else if (field === 3 && wire === WireType.LengthDelimited) t.data = r.bytes();
    else r.skip(wire);
  }
  return t;
}

function tensorArray(t: TensorView): Uint16Array | Float32Array {
  const dtype = dtypeFromProto(t.dtype);
  const size = dtype === "float16" ? 2 : 4;
  let d = t.data;
  // A copy into a fresh buffer (a Buffer's own slice() would be another view).
  if (d.byteOffset % size !== 0) d = new Uint8Array(d);
  return dtype === "float16" ? new Uint16Array(d.buffer, d.byteOffset, d.length / 2) : new Float32Array(d.buffer, d.byteOffset, d.length / 4);
}

/** Decodes a StreamBatchesResponse message (feature_service.proto field numbers). */
export function decodeBatch(message: Buffer): FeatureBatch {
  const r = new BinaryReader(message);
  let tokens: TensorView | undefined;
  let cls: TensorView | undefined;
  const labels: number[] = [];
  const ids: number[] = [];
  let cursor: Cursor = { epoch: 0, offset: 0, fingerprint: 0 };
  let epoch = 0;
  let batchIndex = 0;
  while (r.pos < r.len) {
    const [field, wire] = r.tag();
    const packed = wire === WireType.LengthDelimited;
    // A field of an unexpected wire type is skipped, as the generated decoder does.
    const expected = field === 1 || field === 2 || field === 5 ? packed : field === 3 || field === 4 || wire === WireType.Varint;
    switch (expected ? field : 0) {
      case 1:
        tokens = decodeTensorView(r.bytes());
        break;
      case 2:
        cls = decodeTensorView(r.bytes());
        break;
      case 3:
        if (packed) for (const end = r.uint32() + r.pos; r.pos < end; ) labels.push(r.int32());
        else labels.push(r.int32());
        break;
      case 4:
        if (packed) for (const end = r.uint32() + r.pos; r.pos < end; ) ids.push(Number(r.uint64()));
        else ids.push(Number(r.uint64()));
        break;
      case 5:
        cursor = Cursor.decode(r.bytes());
        break;
      case 6:
        epoch = r.uint32();
        break;
      case 7:
        batchIndex = r.uint32();
        break;
      default:
        r.skip(wire);
    }
  }
  if (tokens === undefined) throw new Error("batch without tokens");
  const batch: FeatureBatch = {
    tokens: tensorArray(tokens),
    dtype: dtypeFromProto(tokens.dtype),
    shape: tokens.shape,
    labels: Int32Array.from(labels),
    ids,
    cursor,
    epoch,
    batchIndex,
    messageBytes: message.length,
  };
  if (cls !== undefined) batch.cls = tensorArray(cls);
  return batch;
}
