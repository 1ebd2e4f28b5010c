// Per-channel mean and standard deviation of fp16 token grids, accumulated in float64 from
// per-record sums (record-summary.ts). The noise and brightness augmentations are expressed
// relative to these.

/** Adds per-record channel sums; `result()` gives the mean and std over every token added. */
export class ChannelStats {
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private count = 0;

  constructor(readonly channels: number) {
    this.sum = new Float64Array(channels);
    this.sumSq = new Float64Array(channels);
  }

  /** Adds the channel sums and sums of squares of `count` tokens. */
  addSums(sum: Float64Array, sumSq: Float64Array, count: number): void {
    for (let k = 0; k < this.channels; k++) {
      this.sum[k] = (this.sum[k] as number) + (sum[k] as number);
      this.sumSq[k] = (this.sumSq[k] as number) + (sumSq[k] as number);
    }
    this.count += count;
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
