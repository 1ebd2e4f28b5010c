// Builds real LMDB caches with synthetic, fully deterministic features for tests and benchmarks.
// Token values encode (id, position, channel) so a test can tell exactly which sample and which
// token it received.
import { join } from "node:path";
import { toFloat16 } from "../../src/contract/float16.js";
import { openCacheWriter, type Manifest, type SplitName } from "../../src/cache/index.js";

/** Options of a synthetic cache. */
export interface SyntheticCacheOptions {
  /** Samples per split, e.g. { train: 40, val: 8 }. */
  splits: Partial<Record<SplitName, number>>;
  gridHeight?: number;
  gridWidth?: number;
  channels?: number;
  numClasses?: number;
  /** Value of channel k of token p of sample id (default: a deterministic pattern). */
  value?: (id: number, position: number, channel: number, label: number) => number;
  /** Label of sample id (default id mod numClasses). */
  label?: (id: number) => number;
}

/** Default token value: distinct per (id, position, channel), exactly representable in fp16 range. */
export function syntheticValue(id: number, position: number, channel: number): number {
  return ((id * 131 + position * 17 + channel * 7) % 512) / 64 - 4;
}

/** Writes a complete cache named `name` under `parent`; returns its directory and manifest. */
export async function createSyntheticCache(
  parent: string,
  name: string,
  opts: SyntheticCacheOptions,
): Promise<{ dir: string; manifest: Manifest }> {
  const h = opts.gridHeight ?? 4;
  const w = opts.gridWidth ?? 4;
  const c = opts.channels ?? 8;
  const k = opts.numClasses ?? 4;
  const valueOf = opts.value ?? ((id: number, p: number, ch: number) => syntheticValue(id, p, ch));
  const labelOf = opts.label ?? ((id: number) => id % k);
  const dir = join(parent, name);
  const writer = await openCacheWriter(
    dir,
    {
      model: {
        preset: "synthetic",
        family: "cnn",
        onnxSha256: "0".repeat(64),
        inputHeight: 32,
        inputWidth: 32,
        resize: "resize",
        resizeShorter: 0,
        pixelMean: [0, 0, 0],
        pixelStd: [1, 1, 1],
        inputLayout: "nchw",
        resampler: "bilinear-antialias",
        outputNode: "features",
      },
      gridHeight: h,
      gridWidth: w,
      channels: c,
      dtype: "float16",
      pool: 1,
      labelNames: Array.from({ length: k }, (_, i) => `class-${i}`),
    },
    { overwrite: true },
  );
  let id = 0;
  for (const split of ["train", "val", "test"] as const) {
    const n = opts.splits[split] ?? 0;
    const batch = [];
    for (let i = 0; i < n; i++, id++) {
      const label = labelOf(id);
      const tokens = new Uint16Array(h * w * c);
      for (let p = 0; p < h * w; p++) for (let ch = 0; ch < c; ch++) tokens[p * c + ch] = toFloat16(valueOf(id, p, ch, label));
      const cls = new Uint16Array(c);
      for (let ch = 0; ch < c; ch++) cls[ch] = toFloat16(valueOf(id, h * w, ch, label));
      batch.push({ id, relPath: `${split}/${id}.png`, record: { label, split, gridHeight: h, gridWidth: w, channels: c, tokens, cls } });
    }
    if (batch.length > 0) await writer.putBatch(batch);
  }
  const manifest = await writer.finalize([]);
  await writer.close();
  return { dir, manifest };
}
