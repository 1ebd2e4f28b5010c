// The reference row kernel in plain JavaScript; bit-identical to the WebAssembly one (fp16 via
// the same integer tricks on the float bits, every arithmetic step rounded with Math.fround).
import type { RowKernel } from "./row-kernel.js";

const fr = Math.fround;

/** Decodes fp16 bits to float32 bits exactly (F. Giesen's half_to_float, integer-only). */
export function halfBitsToFloatBits(h: number, scratch: Float32Array, scratchU32: Uint32Array): number {
  let o = (h & 0x7fff) << 13;
  const exp = o & 0x0f800000;
  o += 0x38000000;
  if (exp === 0x0f800000) o += 0x38000000;
  else if (exp === 0) {
    scratchU32[0] = o + 0x00800000;
    scratch[0] = scratch[0] as number - 2 ** -14;
    o = scratchU32[0] as number;
  }
  return (o | ((h & 0x8000) << 16)) >>> 0;
}

/** Encodes float32 bits to fp16 bits, round to nearest even (F. Giesen's float_to_half_fast3_rtne). */
export function floatBitsToHalfBits(bits: number, scratch: Float32Array, scratchU32: Uint32Array): number {
  const sign = bits & 0x80000000;
  const f = (bits ^ sign) | 0;
  let o: number;
  if (f >= 0x47800000) o = f > 0x7f800000 ? 0x7e00 : 0x7c00;
  else if (f < 0x38800000) {
    scratchU32[0] = f;
    scratch[0] = (scratch[0] as number) + 0.5;
    o = ((scratchU32[0] as number) - 0x3f000000) | 0;
  } else {
    const odd = (f >>> 13) & 1;
    o = ((f + -0x37fff001 + odd) >>> 13) & 0xffff;
  }
  return (o | (sign >>> 16)) & 0xffff;
}

/** Creates the JavaScript row kernel over a growable ArrayBuffer. */
export function createJsRowKernel(initialBytes = 1 << 16): RowKernel {
  let buffer = new ArrayBuffer(initialBytes);
  const s = new Float32Array(1);
  const su = new Uint32Array(s.buffer);
  const k: RowKernel & { u32: Uint32Array } = {
    name: "js",
    f32: new Float32Array(buffer),
    u16: new Uint16Array(buffer),
    u32: new Uint32Array(buffer),
    reserve(bytes) {
      if (bytes <= buffer.byteLength) return;
      const next = new ArrayBuffer(Math.ceil(bytes / 65536) * 65536);
      new Uint8Array(next).set(new Uint8Array(buffer));
      buffer = next;
      k.f32 = new Float32Array(buffer);
      k.u16 = new Uint16Array(buffer);
      k.u32 = new Uint32Array(buffer);
    },
    decode(src, dst, n) {
      const u16 = k.u16;
      const u32 = k.u32;
      for (let i = 0; i < n; i++) u32[dst + i] = halfBitsToFloatBits(u16[src + i] as number, s, su);
    },
    lerp(dst, tl, tr, bl, br, fx, fy, n) {
      const f = k.f32;
      const x = fr(fx);
      const y = fr(fy);
      for (let i = 0; i < n; i++) {
        const a = f[tl + i] as number;
        const c = f[bl + i] as number;
        const top = fr(a + fr(fr((f[tr + i] as number) - a) * x));
        const bottom = fr(c + fr(fr((f[br + i] as number) - c) * x));
        f[dst + i] = fr(top + fr(fr(bottom - top) * y));
      }
    },
    affine(dst, alpha, beta, n) {
      const f = k.f32;
      const a = fr(alpha);
      for (let i = 0; i < n; i++) f[dst + i] = fr(fr((f[dst + i] as number) * a) + (f[beta + i] as number));
    },
    addNoise(dst, scale, table, n) {
      const f = k.f32;
      for (let i = 0; i < n; i++) f[dst + i] = fr((f[dst + i] as number) + fr((f[scale + i] as number) * (f[table + i] as number)));
    },
    encode(src, dst, n) {
      const u32 = k.u32;
      const u16 = k.u16;
      for (let i = 0; i < n; i++) u16[dst + i] = floatBitsToHalfBits(u32[src + i] as number, s, su);
    },
  };
  return k;
}
