// SplitMix64 (Steele, Lea, Flood 2014): a tiny, well-known 64-bit generator that Python and Go
// reproduce in a few lines, which is why stream order uses it (docs/protocol.md gives the recipe).

const MASK64 = (1n << 64n) - 1n;
const GAMMA = 0x9e3779b97f4a7c15n;

/** A SplitMix64 generator; each call of `next()` returns the next 64-bit output as a bigint. */
export interface SplitMix64 {
  next(): bigint;
}

/** Creates a SplitMix64 generator from a 64-bit state. */
export function createSplitMix64(state: bigint): SplitMix64 {
  let s = state & MASK64;
  return {
    next() {
      s = (s + GAMMA) & MASK64;
      let z = s;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
      return z ^ (z >> 31n);
    },
  };
}

/** The generator state of epoch `epoch` of seed `seed`: seed XOR (epoch + 1) * 0xD1B54A32D192ED03 mod 2^64. */
export function epochState(seed: number, epoch: number): bigint {
  return (BigInt(seed) ^ ((BigInt(epoch) + 1n) * 0xd1b54a32d192ed03n)) & MASK64;
}
