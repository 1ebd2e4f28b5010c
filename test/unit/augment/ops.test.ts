// Every op on small literal tensors with exact expected outputs (JavaScript and WebAssembly kernels).
import assert from "node:assert/strict";
import { test } from "node:test";
import { createPlanner } from "../../../src/augment/planner.js";
import { resolvePolicy } from "../../../src/augment/policy.js";
import { fillNoiseTable } from "../../../src/augment/noise-table.js";
import { fromFloat16, toFloat16 } from "../../../src/contract/float16.js";
import { augment, grid, ops } from "./fixtures.js";

const S = { height: 2, width: 3, channels: 4 };
const KERNELS = ["js", "wasm"] as const;
const at = (t: Uint16Array, y: number, x: number, c: number, s = S): number =>
  fromFloat16(t[(y * s.width + x) * s.channels + c] as number);

for (const kernel of KERNELS) {
  test(`${kernel}: horizontal and vertical flip mirror the grid exactly`, async () => {
    const input = grid(1, S, (_b, y, x, c) => 100 * y + 10 * x + c);
    const h = await augment(ops({ $case: "horizontalFlip", value: { p: 1 } }), S, input, { kernel });
    const v = await augment(ops({ $case: "verticalFlip", value: { p: 1 } }), S, input, { kernel });
    assert.deepEqual([...h.tokens], [...grid(1, S, (_b, y, x, c) => 100 * y + 10 * (2 - x) + c)]);
    assert.deepEqual([...v.tokens], [...grid(1, S, (_b, y, x, c) => 100 * (1 - y) + 10 * x + c)]);
    const none = await augment(ops({ $case: "horizontalFlip", value: { p: 0 } }), S, input, { kernel });
    assert.deepEqual(none.tokens, input);
  });

  test(`${kernel}: random resized crop resamples bilinearly (linear data stays linear)`, async () => {
    const s = { height: 4, width: 5, channels: 4 };
    const input = grid(3, s, (_b, y, x) => 8 * y + x); // exact in fp16; bilinear reproduces linear functions
    const policy = ops({ $case: "randomResizedCrop", value: { scaleMin: 0.3, scaleMax: 1.4 } });
    const out = await augment(policy, s, input, { kernel, seed: 5 });
    const planner = createPlanner(resolvePolicy(policy, s));
    for (let b = 0; b < 3; b++) {
      const box = planner.planSample(5, 0, b).box;
      const o = out.tokens.subarray(b * 80, b * 80 + 80);
      for (let y = 0; y < 4; y++)
        for (let x = 0; x < 5; x++) {
          const clamp = (v: number, n: number): number => Math.min(n - 1, Math.max(0, v));
          const sy = clamp((box[0] as number) * 3 + y * ((box[2] as number) - (box[0] as number)), 4);
          const sx = clamp((box[1] as number) * 4 + x * ((box[3] as number) - (box[1] as number)), 5);
          const want = fromFloat16(toFloat16(8 * sy + sx));
          assert.ok(Math.abs(at(o, y, x, 0, s) - want) <= Math.abs(want) * 2 ** -10 + 1e-6, `b${b} y${y} x${x}`);
        }
    }
  });

  test(`${kernel}: a full-size crop is the identity`, async () => {
    const input = grid(2, S, (b, y, x, c) => Math.sin(b + y * 3 + x * 7 + c));
    const policy = ops({ $case: "randomResizedCrop", value: { scaleMin: 1, scaleMax: 1, logRatioMin: 0, logRatioMax: 0 } });
    assert.deepEqual((await augment(policy, S, input, { kernel })).tokens, input);
  });

  test(`${kernel}: translate shifts by whole tokens and replicates the border`, async () => {
    const s = { height: 1, width: 6, channels: 4 };
    const input = grid(4, s, (b, _y, x, c) => 10 * x + c + b / 4);
    const policy = ops({ $case: "translate", value: { maxFraction: 0.5 } });
    const out = await augment(policy, s, input, { kernel, seed: 11 });
    const planner = createPlanner(resolvePolicy(policy, s));
    const shifts = new Set<number>();
    for (let b = 0; b < 4; b++) {
      const d = -Math.round((planner.planSample(11, 0, b).box[1] as number) * 5);
      shifts.add(d);
      const want = grid(1, s, (_b, _y, x, c) => 10 * Math.min(5, Math.max(0, x - d)) + c + b / 4);
      assert.deepEqual([...out.tokens.subarray(b * 24, b * 24 + 24)], [...want], `shift ${d}`);
    }
    assert.ok(shifts.size > 1, "different samples get different shifts");
  });

  test(`${kernel}: gaussian noise adds sigma * std_c * table[offset_t + c] (tokens and CLS)`, async () => {
    const input = grid(1, S, (_b, y, x, c) => y + x / 4 + c / 16);
    const cls = Uint16Array.from([1, 2, 3, 4].map(toFloat16));
    const policy = ops({ $case: "gaussianNoise", value: { sigma: 0.5 } });
    const out = await augment(policy, S, input, { kernel, cls, std: 2, seed: 3 });
    const plan = createPlanner(resolvePolicy(policy, S)).planSample(3, 0, 0);
    const step = plan.steps[0];
    assert.ok(step?.kind === "noise" && step.active);
    const table = new Float32Array(65536 + 4);
    fillNoiseTable(table);
    const scale = Math.fround(0.5 * 2);
    for (let t = 0; t <= 6; t++)
      for (let c = 0; c < 4; c++) {
        const x = t < 6 ? fromFloat16(input[t * 4 + c] as number) : c + 1;
        const want: number = toFloat16(Math.fround(x + Math.fround(scale * (table[(step.offsets[t] as number) + c] as number))));
        const got = t < 6 ? out.tokens[t * 4 + c] : out.cls?.[c];
        assert.equal(got, want, `token ${t} channel ${c}`);
      }
    const noCls = await augment(ops({ $case: "gaussianNoise", value: { applyToCls: false } }), S, input, { kernel, cls });
    assert.deepEqual(noCls.cls, cls);
  });

  test(`${kernel}: brightness/contrast is mean + c (x - mean) + b std per channel`, async () => {
    const input = grid(1, S, (_b, y, x, c) => y - x + c / 2);
    const policy = ops({ $case: "brightnessContrast", value: { brightness: 0.5, contrast: 0.5 } });
    const out = await augment(policy, S, input, { kernel, mean: 1, std: 2, seed: 9 });
    const step = createPlanner(resolvePolicy(policy, S)).planSample(9, 0, 0).steps[0];
    assert.ok(step?.kind === "affine" && step.active);
    const beta = Math.fround(1 * (1 - step.contrast) + step.brightness * 2);
    for (let i = 0; i < input.length; i++) {
      const want = toFloat16(Math.fround(Math.fround(fromFloat16(input[i] as number) * Math.fround(step.contrast)) + beta));
      assert.equal(out.tokens[i], want);
    }
  });

  test(`${kernel}: token dropout replaces dropped tokens by the channel mean`, async () => {
    const s = { height: 4, width: 4, channels: 4 };
    const input = grid(1, s, (_b, y, x, c) => 1 + y + x + c);
    const policy = ops({ $case: "tokenDropout", value: { rate: 0.5 } });
    const out = await augment(policy, s, input, { kernel, mean: 0.25, seed: 2 });
    const step = createPlanner(resolvePolicy(policy, s)).planSample(2, 0, 0).steps[0];
    assert.ok(step?.kind === "dropout");
    let dropped = 0;
    for (let t = 0; t < 16; t++) {
      const want: number[] = step.dropped[t] === 1 ? new Array<number>(4).fill(toFloat16(0.25)) : [...input.subarray(t * 4, t * 4 + 4)];
      dropped += step.dropped[t] as number;
      assert.deepEqual([...out.tokens.subarray(t * 4, t * 4 + 4)], want);
    }
    assert.ok(dropped > 0 && dropped < 16);
  });

  test(`${kernel}: trivial augment applies one of its ops per sample`, async () => {
    const s = { height: 4, width: 4, channels: 4 };
    const input = grid(40, s, (b, y, x, c) => b + y * 0.5 + x * 0.25 + c / 8);
    const out = await augment(ops({ $case: "trivialAugment", value: {} }), s, input, { kernel, seed: 4 });
    let changed = 0;
    for (let b = 0; b < 40; b++) {
      const o = out.tokens.subarray(b * 64, b * 64 + 64);
      if (o.some((v, i) => v !== input[b * 64 + i])) changed++;
      for (const v of o) assert.ok(Number.isFinite(fromFloat16(v)));
    }
    // identity (1 in 5) and level-0 draws leave a sample unchanged; most samples change.
    assert.ok(changed > 20 && changed < 40, `changed ${changed}`);
  });
}

test("fp32 output equals the fp16 kernel's values before rounding (identity converts exactly)", async () => {
  const { createCpuAugmenter } = await import("../../../src/augment/cpu/cpu-augmenter.js");
  const input = grid(2, S, (b, y, x, c) => b - y + x * 0.125 + c);
  const a = createCpuAugmenter({ workers: 0 });
  const out = new Float32Array(input.length);
  await a.run({
    policy: resolvePolicy("none", S),
    seed: 0,
    epoch: 0,
    ids: [0, 1],
    shape: S,
    tokens: input,
    channelMean: new Float32Array(4),
    channelStd: new Float32Array(4),
    outTokens: out,
  });
  assert.deepEqual([...out], [...input].map(fromFloat16));
});
