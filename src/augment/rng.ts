// Counter-based random numbers: Philox4x32-10 (Salmon et al., SC'11, "Random123"). Every random
// parameter is a pure function of (seed, epoch, sample id, op index, word index), so results do
// not depend on batch size, batch composition, worker count or the order samples are processed.
// docs/augmentation.md specifies the mapping precisely for other languages.

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO_32 = 4294967296;

/** High 32 bits of the 64-bit product of two uint32 values (exact in float64 arithmetic). */
function mulhi(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const lolo = aLo * bLo;
  const hilo = aHi * bLo;
  const lohi = aLo * bHi;
  const cross = (lolo >>> 16) + (hilo & 0xffff) + lohi;
  return (aHi * bHi + (hilo >>> 16) + Math.floor(cross / 65536)) >>> 0;
}

/**
 * Philox4x32-10 block function: encrypts counter (c0..c3) under key (k0, k1) and writes the four
 * output words to out[at..at+3].
 */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
  at = 0,
): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    const hi0 = mulhi(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  out[at] = x0;
  out[at + 1] = x1;
  out[at + 2] = x2;
  out[at + 3] = x3;
}

/** The Philox key of a seed: its low and high 32-bit words (seed is an integer in [0, 2^53)). */
export function seedKey(seed: number): [number, number] {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
  return [seed % TWO_32 >>> 0, Math.floor(seed / TWO_32) >>> 0];
}

/**
 * Fills out[0..count) with the word stream of one (seed, epoch, sample id, op index): word j is
 * output word j % 4 of Philox4x32-10 with counter (floor(j / 4), opIndex, id, epoch) and key
 * (seed mod 2^32, floor(seed / 2^32)).
 */
export function fillWords(
  out: Uint32Array,
  count: number,
  key: readonly [number, number],
  epoch: number,
  id: number,
  opIndex: number,
): void {
  const blocks = Math.ceil(count / 4);
  for (let b = 0; b < blocks; b++) philox4x32(b, opIndex, id, epoch, key[0], key[1], out, b * 4);
}

/** Maps a uint32 word to a uniform number in the open interval (0, 1): (w + 0.5) / 2^32. */
export function uniform(word: number): number {
  return ((word >>> 0) + 0.5) / TWO_32;
}
