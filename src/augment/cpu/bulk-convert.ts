// Bulk fp16 <-> fp32 conversion through the row kernel in fixed-size chunks (the tfjs executor
// hands tensors to and from the device as float32).
import { createJsRowKernel } from "./row-kernel-js.js";
import { createWasmRowKernel, wasmKernelSupported } from "./row-kernel-wasm.js";
import type { RowKernel } from "./row-kernel.js";

const CHUNK = 1 << 18;

/** Chunked converters sharing one row kernel. */
export interface BulkConverter {
  toFloat32(src: Uint16Array, dst: Float32Array): void;
  toFloat16(src: Float32Array, dst: Uint16Array): void;
}

/** Creates a converter (WebAssembly when available; the JavaScript kernel handles any tail). */
export function createBulkConverter(): BulkConverter {
  const k: RowKernel = wasmKernelSupported() ? createWasmRowKernel(CHUNK * 6) : createJsRowKernel(CHUNK * 6);
  const tail = createJsRowKernel(64);
  k.reserve(CHUNK * 6);
  const F = CHUNK / 2; // f32 index of the float area (bytes CHUNK*2 .. CHUNK*6)
  function run(n: number, body: (at: number, len: number, kernel: RowKernel) => void): void {
    const vec = n - (n % 4);
    for (let at = 0; at < vec; at += CHUNK) body(at, Math.min(CHUNK, vec - at), k);
    if (vec < n) body(vec, n - vec, tail);
  }
  return {
    toFloat32(src, dst) {
      run(src.length, (at, len, kr) => {
        kr.u16.set(src.subarray(at, at + len), 0);
        kr.decode(0, F, len);
        dst.set(kr.f32.subarray(F, F + len), at);
      });
    },
    toFloat16(src, dst) {
      run(src.length, (at, len, kr) => {
        kr.f32.set(src.subarray(at, at + len), F);
        kr.encode(F, 0, len);
        dst.set(kr.u16.subarray(0, len), at);
      });
    },
  };
}
