// Seeded pseudo-random numbers for weight initialisation and the in-process streams. A small
// counter-free generator (mulberry32) keeps init identical on every backend and machine, which
// tfjs's own random ops do not promise.

/** A seeded source of uniform and normal draws. */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Standard normal truncated to [-2, 2] by resampling (the usual ViT weight init). */
  truncatedNormal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** Mixes any number of integers into one 32-bit seed (splitmix-style avalanche). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    // Fold values beyond 32 bits in so large seeds are not silently truncated.
    const lo = p >>> 0;
    const hi = Math.floor(p / 2 ** 32) >>> 0;
    for (const v of [lo, hi]) {
      h = Math.imul(h ^ v, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
    }
  }
  return h >>> 0;
}

/** Hashes a string to 32 bits (FNV-1a), for deriving per-parameter seeds from names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Creates a mulberry32 generator from a 32-bit seed. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    // Box-Muller; 1 - u keeps the log argument in (0, 1].
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const truncatedNormal = (): number => {
    for (;;) {
      const z = normal();
      if (z >= -2 && z <= 2) return z;
    }
  };
  const int = (n: number): number => Math.floor(uniform() * n);
  return { uniform, normal, truncatedNormal, int };
}

/** A seeded Fisher-Yates permutation of [0, n). */
export function permutation(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const rng = createRng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[i] as number;
    out[i] = out[j] as number;
    out[j] = t;
  }
  return out;
}
