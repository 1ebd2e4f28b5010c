// Element types as loff names them, and their mapping to the contract's DataType enum.
import { DataType } from "../gen/loff/v1/tensor.js";

/** Element types loff moves around: caches store float16, streams carry float16 or float32. */
export type DType = "float16" | "float32";

/** Bytes per element. */
export function dtypeSize(dtype: DType): number {
  return dtype === "float16" ? 2 : 4;
}

/** Contract enum -> loff dtype; UNSPECIFIED resolves to float16 (the contract's default). */
export function dtypeFromProto(d: DataType): DType {
  switch (d) {
    case DataType.DATA_TYPE_UNSPECIFIED:
    case DataType.DATA_TYPE_FLOAT16:
      return "float16";
    case DataType.DATA_TYPE_FLOAT32:
      return "float32";
    default:
      throw new RangeError(`unknown data type ${String(d)}`);
  }
}

/** loff dtype -> contract enum. */
export function dtypeToProto(d: DType): DataType {
  return d === "float16" ? DataType.DATA_TYPE_FLOAT16 : DataType.DATA_TYPE_FLOAT32;
}
