// IEEE 754 binary16 <-> binary32 conversion. Caches store fp16; trainers and kernels compute in fp32.
// Decoding uses a 64 Ki-entry table (exact); encoding rounds to nearest-even, like hardware does.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

let decodeTable: Float32Array | undefined;

/** The 65,536-entry table mapping every fp16 bit pattern to its fp32 value. */
export function float16Table(): Float32Array {
  if (decodeTable === undefined) {
    const t = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) t[h] = decodeFloat16Slow(h);
    decodeTable = t;
  }
  return decodeTable;
}

function decodeFloat16Slow(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Converts one fp16 bit pattern to a number. */
export function fromFloat16(h: number): number {
  return float16Table()[h & 0xffff] as number;
}

/** Converts a number to the nearest fp16 bit pattern (round to nearest, ties to even). */
export function toFloat16(value: number): number {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mant & ((1 << shift) - 1);
    let h = mant >>> shift;
    if (rest > half || (rest === half && (h & 1) === 1)) h++;
    return sign | h;
  }
  const rest = mant & 0x1fff;
  let h = (e << 10) | (mant >>> 13);
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++;
  e = h;
  return sign | e;
}

/** Decodes an fp16 array into a new (or the given) Float32Array. */
export function float16ToFloat32(src: Uint16Array, out: Float32Array = new Float32Array(src.length)): Float32Array {
  if (out.length < src.length) throw new RangeError(`output holds ${out.length} values, need ${src.length}`);
  const t = float16Table();
  for (let i = 0; i < src.length; i++) out[i] = t[src[i] as number] as number;
  return out;
}

/**
 * Encodes a float array to fp16 into a new (or the given) Uint16Array. Float32Array input takes a fast path:
 * values in fp16's normal range are rebiased and rounded to nearest-even with integer arithmetic on their
 * bits; everything else goes through toFloat16. Results equal toFloat16 for every input.
 */
export function float32ToFloat16(
  src: ArrayLike<number>,
  out: Uint16Array = new Uint16Array(src.length),
): Uint16Array {
  if (out.length < src.length) throw new RangeError(`output holds ${out.length} values, need ${src.length}`);
  if (!(src instanceof Float32Array)) {
    for (let i = 0; i < src.length; i++) out[i] = toFloat16(src[i] as number);
    return out;
  }
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (let i = 0; i < bits.length; i++) {
    const x = bits[i] as number;
    const abs = x & 0x7fffffff;
    // 0x38800000 = 2^-14 (smallest normal fp16), 0x477ff000 = 65520 (rounds to infinity).
    if (abs >= 0x38800000 && abs < 0x477ff000) {
      out[i] = ((x >>> 16) & 0x8000) | ((abs - 0x38000000 + 0x0fff + ((abs >>> 13) & 1)) >>> 13);
    } else if (abs <= 0x33000000) {
      // |x| <= 2^-25 rounds to a signed zero (ReLU outputs are mostly exact zeros).
      out[i] = (x >>> 16) & 0x8000;
    } else {
      out[i] = toFloat16(src[i] as number);
    }
  }
  return out;
}
