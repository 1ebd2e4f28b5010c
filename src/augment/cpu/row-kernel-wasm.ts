// The WebAssembly SIMD row kernel: the module from kernel-wasm-module.ts over its own memory.
import { kernelWasmBytes } from "./kernel-wasm-module.js";
import type { RowKernel } from "./row-kernel.js";

interface KernelExports {
  decode(src: number, dst: number, n: number): void;
  lerp(dst: number, tl: number, tr: number, bl: number, br: number, fx: number, fy: number, n: number): void;
  affine(dst: number, alpha: number, beta: number, n: number): void;
  addNoise(dst: number, scale: number, table: number, n: number): void;
  encode(src: number, dst: number, n: number): void;
}

const PAGE = 65536;

// The WebAssembly global as far as this file uses it (the project's lib settings omit its types).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: object };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** True when this runtime accepts the kernel (WebAssembly with SIMD). */
export function wasmKernelSupported(): boolean {
  try {
    return wasm.validate(kernelWasmBytes());
  } catch {
    return false;
  }
}

/** Creates the WebAssembly row kernel. Element counts passed to it must be multiples of 4. */
export function createWasmRowKernel(initialBytes = PAGE): RowKernel {
  const memory = new wasm.Memory({ initial: Math.ceil(initialBytes / PAGE) });
  const instance = new wasm.Instance(new wasm.Module(kernelWasmBytes()), { env: { memory } });
  const x = instance.exports as unknown as KernelExports;
  const k: RowKernel = {
    name: "wasm",
    f32: new Float32Array(memory.buffer),
    u16: new Uint16Array(memory.buffer),
    reserve(bytes) {
      const have = memory.buffer.byteLength;
      if (bytes <= have) return;
      memory.grow(Math.ceil((bytes - have) / PAGE));
      k.f32 = new Float32Array(memory.buffer);
      k.u16 = new Uint16Array(memory.buffer);
    },
    decode: (src, dst, n) => x.decode(src * 2, dst * 4, n),
    lerp: (dst, tl, tr, bl, br, fx, fy, n) => x.lerp(dst * 4, tl * 4, tr * 4, bl * 4, br * 4, fx, fy, n),
    affine: (dst, alpha, beta, n) => x.affine(dst * 4, alpha, beta * 4, n),
    addNoise: (dst, scale, table, n) => x.addNoise(dst * 4, scale * 4, table * 4, n),
    encode: (src, dst, n) => x.encode(src * 4, dst * 2, n),
  };
  return k;
}
