// Protobuf wire primitives for the pass-through serializer. They write exactly what ts-proto's
// BinaryWriter writes for the same values (varints, packed repeated fields, fixed64).

/** Bytes of `v` (0 <= v < 2^64, exact below 2^53) as a varint. */
export function varintSize(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Writes `v` as a varint at `pos`; returns the position after it. */
export function writeVarint(buf: Uint8Array, pos: number, v: number): number {
  while (v >= 128) {
    buf[pos++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}

/** Bytes of an int32 as a varint: negative values are sign-extended to 10 bytes. */
export function int32Size(v: number): number {
  return v < 0 ? 10 : varintSize(v);
}

/** Writes an int32 varint (two's complement, 10 bytes when negative). */
export function writeInt32(buf: Uint8Array, pos: number, v: number): number {
  if (v >= 0) return writeVarint(buf, pos, v);
  let x = BigInt.asUintN(64, BigInt(v));
  for (let i = 0; i < 9; i++) {
    buf[pos++] = Number(x & 127n) | 128;
    x >>= 7n;
  }
  buf[pos++] = Number(x);
  return pos;
}

/** Writes a fixed64 (little-endian) holding a number below 2^53. */
export function writeFixed64(buf: Uint8Array, pos: number, v: number): number {
  const lo = v % 2 ** 32;
  const hi = Math.floor(v / 2 ** 32);
  for (let i = 0; i < 4; i++) buf[pos + i] = (lo >>> (8 * i)) & 255;
  for (let i = 0; i < 4; i++) buf[pos + 4 + i] = (hi >>> (8 * i)) & 255;
  return pos + 8;
}
