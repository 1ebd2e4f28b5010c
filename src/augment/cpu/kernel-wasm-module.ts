// The WebAssembly SIMD loops of the CPU kernel, as assembler text (see row-kernel.ts for their
// contract and row-kernel-js.ts for the bit-identical reference). Pointers are byte offsets.
import { assemble, type AsmFunction, type Instr } from "./wasm-asm.js";

const splat = (x: number): Instr[] => [["i32.const", x | 0], ["i32x4.splat"]];
const get = (i: number): Instr => ["local.get", i];
const set = (i: number): Instr => ["local.set", i];
const add = (ptr: number, bytes: number): Instr[] => [get(ptr), ["i32.const", bytes], ["i32.add"], set(ptr)];
/** end = base + n * 4 */
const endOf = (base: number, n: number, end: number): Instr[] => [get(base), get(n), ["i32.const", 2], ["i32.shl"], ["i32.add"], set(end)];
/** Loop while ptr < end around body. */
const loop = (ptr: number, end: number, body: Instr[]): Instr[] => [
  ["block"],
  ["loop"],
  get(ptr),
  get(end),
  ["i32.ge_u"],
  ["br_if", 1],
  ...body,
  ["br", 0],
  ["end"],
  ["end"],
];

// decode(src, dst, n): F. Giesen's half_to_float with SIMD selects.
const decode: AsmFunction = {
  name: "decode",
  params: ["i32", "i32", "i32"],
  locals: ["i32", "v128", "v128", "v128", "v128", "v128", "v128", "v128", "v128", "v128", "v128"],
  body: ((src = 0, dst = 1, n = 2, end = 3, h = 4, o = 5, e = 6, k7fff = 7, kExp = 8, kBias = 9, kDen = 10, kMin = 11, k8000 = 12, kZero = 13) => [
    ...endOf(dst, n, end),
    ...splat(0x7fff), set(k7fff), ...splat(0x0f800000), set(kExp), ...splat(0x38000000), set(kBias),
    ...splat(0x00800000), set(kDen), ...splat(0x38800000), set(kMin), ...splat(0x8000), set(k8000), ...splat(0), set(kZero),
    ...loop(dst, end, [
      get(src), ["v128.load16x4_u", 0], set(h),
      get(h), get(k7fff), ["v128.and"], ["i32.const", 13], ["i32x4.shl"], set(o),
      get(o), get(kExp), ["v128.and"], set(e),
      get(o), get(kBias), ["i32x4.add"], set(o),
      get(o), get(kBias), ["i32x4.add"], get(o), get(e), get(kExp), ["i32x4.eq"], ["v128.bitselect"], set(o),
      get(o), get(kDen), ["i32x4.add"], get(kMin), ["f32x4.sub"],
      get(o), get(e), get(kZero), ["i32x4.eq"], ["v128.bitselect"], set(o),
      get(dst),
      get(o), get(h), get(k8000), ["v128.and"], ["i32.const", 16], ["i32x4.shl"], ["v128.or"],
      ["v128.store", 0],
      ...add(src, 8),
      ...add(dst, 16),
    ]),
  ])(),
};

// lerp(dst, tl, tr, bl, br, fx, fy, n)
const lerp: AsmFunction = {
  name: "lerp",
  params: ["i32", "i32", "i32", "i32", "i32", "f32", "f32", "i32"],
  locals: ["i32", "v128", "v128", "v128", "v128", "v128"],
  body: ((dst = 0, tl = 1, tr = 2, bl = 3, br = 4, fx = 5, fy = 6, n = 7, end = 8, vx = 9, vy = 10, a = 11, c = 12, top = 13) => [
    ...endOf(dst, n, end),
    get(fx), ["f32x4.splat"], set(vx),
    get(fy), ["f32x4.splat"], set(vy),
    ...loop(dst, end, [
      get(tl), ["v128.load", 0], set(a),
      get(a), get(tr), ["v128.load", 0], get(a), ["f32x4.sub"], get(vx), ["f32x4.mul"], ["f32x4.add"], set(top),
      get(bl), ["v128.load", 0], set(c),
      get(dst),
      get(top),
      get(c), get(br), ["v128.load", 0], get(c), ["f32x4.sub"], get(vx), ["f32x4.mul"], ["f32x4.add"],
      get(top), ["f32x4.sub"], get(vy), ["f32x4.mul"], ["f32x4.add"],
      ["v128.store", 0],
      ...add(dst, 16), ...add(tl, 16), ...add(tr, 16), ...add(bl, 16), ...add(br, 16),
    ]),
  ])(),
};

// affine(dst, alpha, beta, n)
const affine: AsmFunction = {
  name: "affine",
  params: ["i32", "f32", "i32", "i32"],
  locals: ["i32", "v128"],
  body: ((dst = 0, alpha = 1, beta = 2, n = 3, end = 4, va = 5) => [
    ...endOf(dst, n, end),
    get(alpha), ["f32x4.splat"], set(va),
    ...loop(dst, end, [
      get(dst), get(dst), ["v128.load", 0], get(va), ["f32x4.mul"], get(beta), ["v128.load", 0], ["f32x4.add"], ["v128.store", 0],
      ...add(dst, 16), ...add(beta, 16),
    ]),
  ])(),
};

// addNoise(dst, scale, table, n)
const addNoise: AsmFunction = {
  name: "addNoise",
  params: ["i32", "i32", "i32", "i32"],
  locals: ["i32"],
  body: ((dst = 0, scale = 1, table = 2, n = 3, end = 4) => [
    ...endOf(dst, n, end),
    ...loop(dst, end, [
      get(dst), get(dst), ["v128.load", 0], get(scale), ["v128.load", 0], get(table), ["v128.load", 0], ["f32x4.mul"], ["f32x4.add"],
      ["v128.store", 0],
      ...add(dst, 16), ...add(scale, 16), ...add(table, 16),
    ]),
  ])(),
};

// encode(src, dst, n): F. Giesen's float_to_half_fast3_rtne with SIMD selects.
const encode: AsmFunction = {
  name: "encode",
  params: ["i32", "i32", "i32"],
  locals: ["i32", "v128", "v128", "v128", "v128", "v128", "v128", "v128", "v128", "v128", "v128", "v128", "v128"],
  body: ((src = 0, dst = 1, n = 2, end = 3, f = 4, sign = 5, o = 6, kSign = 7, kRound = 8, kOne = 9, kHalf = 10, kMin = 11,
    kNan = 12, kInf = 13, kInf32 = 14, kMax = 15) => [
    ...endOf(src, n, end),
    ...splat(0x80000000), set(kSign), ...splat(-0x37fff001), set(kRound), ...splat(1), set(kOne), ...splat(0x3f000000), set(kHalf),
    ...splat(0x38800000), set(kMin), ...splat(0x7e00), set(kNan), ...splat(0x7c00), set(kInf), ...splat(0x7f800000), set(kInf32),
    ...splat(0x47800000), set(kMax),
    ...loop(src, end, [
      get(src), ["v128.load", 0], set(f),
      get(f), get(kSign), ["v128.and"], set(sign),
      get(f), get(sign), ["v128.xor"], set(f),
      // normal range: (f - 0x37fff001 + ((f >> 13) & 1)) >> 13
      get(f), get(kRound), ["i32x4.add"], get(f), ["i32.const", 13], ["i32x4.shr_u"], get(kOne), ["v128.and"], ["i32x4.add"],
      ["i32.const", 13], ["i32x4.shr_u"], set(o),
      // subnormal range: bits(f + 0.5) - bits(0.5)
      get(f), get(kHalf), ["f32x4.add"], get(kHalf), ["i32x4.sub"],
      get(o), get(f), get(kMin), ["i32x4.lt_s"], ["v128.bitselect"], set(o),
      // overflow: inf, or quiet NaN
      get(kNan), get(kInf), get(f), get(kInf32), ["i32x4.gt_s"], ["v128.bitselect"],
      get(o), get(f), get(kMax), ["i32x4.ge_s"], ["v128.bitselect"],
      get(sign), ["i32.const", 16], ["i32x4.shr_u"], ["v128.or"], set(o),
      get(dst), get(o), get(o), ["i16x8.narrow_i32x4_u"], ["i64x2.extract_lane", 0], ["i64.store", 0],
      ...add(src, 16), ...add(dst, 8),
    ]),
  ])(),
};

/** The assembled module: imports env.memory, exports decode, lerp, affine, addNoise, encode. */
export function kernelWasmBytes(): Uint8Array {
  return assemble([decode, lerp, affine, addNoise, encode]);
}
