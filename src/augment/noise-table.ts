// The shared N(0, 1) table noise is read from. Entry j is defined for every j >= 0, so a table
// of any length is a prefix of the same sequence (length 65536 + C covers every token offset).
import { philox4x32, uniform } from "./rng.js";

/** Philox key of the noise table: the ASCII words "loff" and "nois". */
export const NOISE_TABLE_KEY: readonly [number, number] = [0x6c6f6666, 0x6e6f6973];
/** Number of distinct token offsets into the table. */
export const NOISE_OFFSETS = 65536;

/**
 * Writes table entries [0, out.length) into out: pair j comes from Philox4x32-10 with counter
 * (j, 0, 0, 0) and NOISE_TABLE_KEY, words w0 and w1 -> u1 = uniform(w0), u2 = uniform(w1),
 * r = sqrt(-2 ln u1); entry 2j = float32(r cos(2 pi u2)), entry 2j+1 = float32(r sin(2 pi u2)).
 */
export function fillNoiseTable(out: Float32Array): void {
  const w = new Uint32Array(4);
  for (let j = 0; 2 * j < out.length; j++) {
    philox4x32(j, 0, 0, 0, NOISE_TABLE_KEY[0], NOISE_TABLE_KEY[1], w);
    const r = Math.sqrt(-2 * Math.log(uniform(w[0] as number)));
    const a = 2 * Math.PI * uniform(w[1] as number);
    out[2 * j] = r * Math.cos(a);
    if (2 * j + 1 < out.length) out[2 * j + 1] = r * Math.sin(a);
  }
}
