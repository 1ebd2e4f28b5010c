// Small literal tensors and a runner for augmentation tests.
import { createCpuAugmenter } from "../../../src/augment/cpu/cpu-augmenter.js";
import type { KernelChoice } from "../../../src/augment/cpu/batch-executor.js";
import type { AugmentationPolicy } from "../../../src/gen/loff/v1/augmentation.js";
import type { AugmentationOp } from "../../../src/gen/loff/v1/augmentation.js";
import { resolvePolicy } from "../../../src/augment/policy.js";
import type { GridShape } from "../../../src/augment/types.js";
import { toFloat16 } from "../../../src/contract/float16.js";

/** A policy from a list of ops. */
export function ops(...list: Array<NonNullable<AugmentationOp["op"]>>): AugmentationPolicy {
  return { preset: "", ops: list.map((op) => ({ op })) };
}

/** fp16 tokens where value = f(b, y, x, c). */
export function grid(B: number, s: GridShape, f: (b: number, y: number, x: number, c: number) => number): Uint16Array {
  const out = new Uint16Array(B * s.height * s.width * s.channels);
  let i = 0;
  for (let b = 0; b < B; b++)
    for (let y = 0; y < s.height; y++)
      for (let x = 0; x < s.width; x++) for (let c = 0; c < s.channels; c++) out[i++] = toFloat16(f(b, y, x, c));
  return out;
}

/** Runs a policy on the calling thread with the given kernel; returns fp16 tokens and CLS. */
export async function augment(
  policy: AugmentationPolicy | string,
  shape: GridShape,
  tokens: Uint16Array,
  opts: { kernel?: KernelChoice; cls?: Uint16Array; seed?: number; epoch?: number; ids?: number[]; mean?: number; std?: number } = {},
): Promise<{ tokens: Uint16Array; cls: Uint16Array | undefined }> {
  const B = tokens.length / (shape.height * shape.width * shape.channels);
  const a = createCpuAugmenter({ workers: 0, kernel: opts.kernel ?? "js" });
  const out = new Uint16Array(tokens.length);
  const outCls = opts.cls === undefined ? undefined : new Uint16Array(opts.cls.length);
  await a.run({
    policy: resolvePolicy(policy, shape),
    seed: opts.seed ?? 1,
    epoch: opts.epoch ?? 0,
    ids: opts.ids ?? Array.from({ length: B }, (_, i) => i),
    shape,
    tokens,
    ...(opts.cls ? { cls: opts.cls, outCls } : {}),
    channelMean: new Float32Array(shape.channels).fill(opts.mean ?? 0),
    channelStd: new Float32Array(shape.channels).fill(opts.std ?? 1),
    outTokens: out,
  });
  await a.close();
  return { tokens: out, cls: outCls };
}
