// The result of an extraction run, as printed by `loff extract` (text or --json).

/** Counts and timings of one run. */
export interface ExtractSummary {
  cache: string;
  /** Images found (all splits). */
  images: number;
  /** Images encoded and written in this run. */
  extracted: number;
  /** Images already in the cache from an earlier run. */
  reused: number;
  /** Images that could not be decoded, with the reason; plus files that are not images. */
  skipped: Array<{ path: string; reason: string }>;
  /** Records in the cache per split after the run. */
  splits: Record<string, number>;
  grid: [number, number];
  channels: number;
  seconds: number;
  imagesPerSecond: number;
}
