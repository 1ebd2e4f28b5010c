// The WebAssembly SIMD kernel against the JavaScript reference (bit for bit) and the contract's fp16 codec.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createJsRowKernel } from "../../src/augment/cpu/row-kernel-js.js";
import { createWasmRowKernel, wasmKernelSupported } from "../../src/augment/cpu/row-kernel-wasm.js";
import { float16Table, toFloat16 } from "../../src/contract/float16.js";
import { augment, grid, ops } from "./augment/fixtures.js";

test("the WebAssembly SIMD kernel is available on this runtime", () => {
  assert.equal(wasmKernelSupported(), true);
});

test("decode matches the fp16 table for every bit pattern; encode matches toFloat16", () => {
  const N = 65536;
  const t = float16Table();
  for (const k of [createWasmRowKernel(1 << 22), createJsRowKernel(1 << 22)]) {
    for (let h = 0; h < N; h++) k.u16[h] = h;
    k.decode(0, N / 2, N);
    for (let h = 0; h < N; h++) {
      const got = k.f32[N / 2 + h] as number;
      const want = t[h] as number;
      if (Number.isNaN(want)) assert.ok(Number.isNaN(got));
      else assert.ok(Object.is(got, want), `${k.name} decode ${h.toString(16)}`);
    }
    // Encode: every fp16 value, every midpoint between neighbours (ties), and values around them.
    const src = new Float32Array(k.f32.buffer, 0, 4 * N);
    let n = 0;
    for (let h = 0; h < 0x7c00; h++) {
      const a = t[h] as number;
      const b = t[h + 1] as number;
      for (const v of [a, (a + b) / 2, Math.fround((a + b) / 2) * (1 + 2 ** -23), -a]) src[n++] = v;
    }
    const out = new Uint16Array(k.f32.buffer, 4 * 4 * N, n);
    const offset = (4 * 4 * N) / 2;
    k.encode(0, offset, n);
    for (let i = 0; i < n; i++) assert.equal(k.u16[offset + i], toFloat16(src[i] as number), `${k.name} encode ${src[i]}`);
    assert.equal(out.length, n);
    src[0] = 70000;
    src[1] = -Infinity;
    src[2] = 1e-10;
    src[3] = 65520;
    k.encode(0, offset, 4);
    assert.deepEqual([...k.u16.subarray(offset, offset + 4)], [0x7c00, 0xfc00, 0, 0x7c00]);
  }
});

test("whole policies give identical bytes on both kernels", async () => {
  const s = { height: 7, width: 9, channels: 16 };
  const input = grid(5, s, (b, y, x, c) => Math.sin(b * 13 + y * 7 + x * 3 + c) * 4);
  const cls = grid(5, { height: 1, width: 1, channels: 16 }, (b, _y, _x, c) => b - c / 3);
  const policy = ops(
    { $case: "horizontalFlip", value: {} },
    { $case: "randomResizedCrop", value: { scaleMax: 1.3 } },
    { $case: "translate", value: {} },
    { $case: "brightnessContrast", value: { applyToCls: true } },
    { $case: "tokenDropout", value: {} },
    { $case: "gaussianNoise", value: {} },
  );
  for (const p of [policy, "loff-ta", "loff-ta-trivial"] as const) {
    const js = await augment(p, s, input, { kernel: "js", cls, mean: 0.3, std: 1.5 });
    const wasm = await augment(p, s, input, { kernel: "wasm", cls, mean: 0.3, std: 1.5 });
    assert.deepEqual(wasm.tokens, js.tokens);
    assert.deepEqual(wasm.cls, js.cls);
    assert.notDeepEqual(js.tokens, input);
  }
});
