// The seeded, stratified validation split used when an image folder has no train/ and val/ folders.
// Pure: the same (files, fraction, seed, class) always gives the same split, independent of the
// other classes, so adding a class never reshuffles the existing ones.

/** Number of a class's n files that go to validation: round(n*f), at least 1 when n >= 2 and f > 0, never all. */
export function validationCount(n: number, valFraction: number): number {
  if (n < 2 || valFraction <= 0) return 0;
  return Math.min(n - 1, Math.max(1, Math.round(n * valFraction)));
}

/** Splits one class's files: a seeded shuffle of the sorted list, the first validationCount(...) to val. */
export function splitClass<T>(
  sortedFiles: readonly T[],
  valFraction: number,
  seed: number,
  className: string,
): { train: T[]; val: T[] } {
  const shuffled = [...sortedFiles];
  const next = createSplitMix32(mixSeed(seed, className));
  // Fisher-Yates with an unbiased-enough draw: n is at most millions, 2^32 draws make the bias negligible.
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor((next() / 4294967296) * (i + 1));
    const tmp = shuffled[i] as T;
    shuffled[i] = shuffled[j] as T;
    shuffled[j] = tmp;
  }
  const k = validationCount(shuffled.length, valFraction);
  return { val: shuffled.slice(0, k), train: shuffled.slice(k) };
}

/** Mixes the user seed with the class name (FNV-1a) so every class gets its own permutation. */
function mixSeed(seed: number, className: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < className.length; i++) {
    h ^= className.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Fold in the high bits of seeds above 2^32 so large seeds are not silently aliased.
  return (h ^ Math.floor(seed / 4294967296)) >>> 0;
}

/** SplitMix32: a tiny, well-mixed generator of uint32 values; state is local to the returned closure. */
function createSplitMix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}
