// Per-channel mean and standard deviation of fp16 token grids, accumulated in float64.
// The noise and brightness augmentations are expressed relative to these.
import { float16Table } from "../contract/float16.js";

/** Accumulates per-channel statistics over many [*, C] fp16 arrays. */
export class ChannelStats {
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private count = 0;

  constructor(readonly channels: number) {
    this.sum = new Float64Array(channels);
    this.sumSq = new Float64Array(channels);
  }

  /** Adds every token of an fp16 [N, C] array. */
  add(tokens: Uint16Array): void {
    const c = this.channels;
    if (tokens.length % c !== 0) throw new RangeError(`${tokens.length} values is not a multiple of ${c} channels`);
    const t = float16Table();
    const { sum, sumSq } = this;
    for (let i = 0; i < tokens.length; i += c) {
      for (let k = 0; k < c; k++) {
        const h = tokens[i + k] as number;
        // +0 adds nothing (and is most of a ReLU feature map): skipping it changes no sum.
        if (h === 0) continue;
        const v = t[h] as number;
        sum[k] = (sum[k] as number) + v;
        sumSq[k] = (sumSq[k] as number) + v * v;
      }
    }
    this.count += tokens.length / c;
  }

  /** Adds sums made by another ChannelStats (`partial()`) over `count` tokens. */
  addSums(sum: Float64Array, sumSq: Float64Array, count: number): void {
    for (let k = 0; k < this.channels; k++) {
      this.sum[k] = (this.sum[k] as number) + (sum[k] as number);
      this.sumSq[k] = (this.sumSq[k] as number) + (sumSq[k] as number);
    }
    this.count += count;
  }

  /** Copies of the running sums and the token count. */
  partial(): { sum: Float64Array; sumSq: Float64Array; count: number } {
    return { sum: this.sum.slice(), sumSq: this.sumSq.slice(), count: this.count };
  }

  /** Mean and (population) std per channel; zeros and ones when nothing was added. */
  result(): { mean: number[]; std: number[] } {
    const mean: number[] = [];
    const std: number[] = [];
    for (let k = 0; k < this.channels; k++) {
      if (this.count === 0) {
        mean.push(0);
        std.push(1);
        continue;
      }
      const m = (this.sum[k] as number) / this.count;
      const v = Math.max(0, (this.sumSq[k] as number) / this.count - m * m);
      mean.push(Math.fround(m));
      std.push(Math.fround(Math.sqrt(v)));
    }
    return { mean, std };
  }
}
