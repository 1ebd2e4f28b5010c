// Reads a model's feature output into loff's layout: tokens [B,H,W,C] row-major and a CLS/global
// vector [B,C]. ViT outputs are [B,T,D] with CLS first and the N = H*W patch tokens last (anything
// between, such as register tokens, is skipped); CNN maps are [B,C,H,W] or [B,H,W,C] and their
// global average stands in for the CLS vector.
import { ModelConfigError } from "./model-error.js";
import type { ModelSpec } from "./model-spec.js";

/** Converts raw output tensors of one fixed geometry. */
export interface TokenReader {
  readonly gridHeight: number;
  readonly gridWidth: number;
  readonly channels: number;
  read(
    data: Float32Array,
    dims: readonly number[],
    batch: number,
  ): { tokens: Float32Array; cls: Float32Array };
}

/** Builds the reader for a spec from the output dims seen on a probe run. */
export function createTokenReader(spec: ModelSpec, probeDims: readonly number[]): TokenReader {
  const shape = `[${probeDims.join(",")}]`;
  if (spec.family === "vit") {
    const patch = spec.patchSize as number;
    const gh = spec.inputHeight / patch;
    const gw = spec.inputWidth / patch;
    const n = gh * gw;
    const [, t, d] = probeDims as [number, number, number];
    if (probeDims.length !== 3 || t < n + 1) {
      throw new ModelConfigError(
        `output ${spec.outputNode} has shape ${shape}; a vit preset with ${gh}x${gw} patches expects [B, 1+${n}, D]`,
      );
    }
    return {
      gridHeight: gh,
      gridWidth: gw,
      channels: d,
      read(data, dims, batch) {
        checkDims(dims, probeDims, batch, spec.outputNode);
        const tokens = new Float32Array(batch * n * d);
        const cls = new Float32Array(batch * d);
        for (let b = 0; b < batch; b++) {
          const base = b * t * d;
          cls.set(data.subarray(base, base + d), b * d);
          tokens.set(data.subarray(base + (t - n) * d, base + t * d), b * n * d);
        }
        return { tokens, cls };
      },
    };
  }
  if (probeDims.length !== 4) {
    throw new ModelConfigError(
      `output ${spec.outputNode} has shape ${shape}; a cnn preset expects a rank-4 feature map`,
    );
  }
  const nchw = (spec.outputLayout ?? "nchw") === "nchw";
  const [, a, b2, c3] = probeDims as [number, number, number, number];
  const [c, h, w] = nchw ? [a, b2, c3] : [c3, a, b2];
  const hw = h * w;
  return {
    gridHeight: h,
    gridWidth: w,
    channels: c,
    read(data, dims, batch) {
      checkDims(dims, probeDims, batch, spec.outputNode);
      const tokens = new Float32Array(batch * hw * c);
      const cls = new Float32Array(batch * c);
      for (let b = 0; b < batch; b++) {
        const base = b * hw * c;
        if (nchw) {
          for (let ch = 0; ch < c; ch++) {
            const plane = base + ch * hw;
            let sum = 0;
            for (let p = 0; p < hw; p++) {
              const v = data[plane + p] as number;
              tokens[base + p * c + ch] = v;
              sum += v;
            }
            cls[b * c + ch] = sum / hw;
          }
        } else {
          tokens.set(data.subarray(base, base + hw * c), base);
          const sum = new Float64Array(c);
          for (let p = 0; p < hw; p++)
            for (let ch = 0; ch < c; ch++)
              sum[ch] = (sum[ch] as number) + (data[base + p * c + ch] as number);
          for (let ch = 0; ch < c; ch++) cls[b * c + ch] = (sum[ch] as number) / hw;
        }
      }
      return { tokens, cls };
    },
  };
}

function checkDims(dims: readonly number[], probe: readonly number[], batch: number, name: string): void {
  if (dims.length !== probe.length || dims[0] !== batch || dims.some((d, i) => i > 0 && d !== probe[i])) {
    throw new Error(
      `output ${name} has shape [${dims.join(",")}], expected [${batch},${probe.slice(1).join(",")}]`,
    );
  }
}
