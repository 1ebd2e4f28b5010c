// The order of an epoch: a pure function of (seed, epoch, split size), so every replica and every
// client language computes the same sequence (docs/protocol.md, "Sample order").
import { createSplitMix64, epochState } from "./splitmix64.js";

/**
 * Positions 0..n-1 of a split (its id-sorted index) in the order epoch `epoch` visits them:
 * Fisher–Yates from the top, j = next() mod (i + 1), over SplitMix64 seeded by epochState(seed, epoch).
 * Without shuffling the order is the identity.
 */
export function epochOrder(n: number, seed: number, epoch: number, shuffle: boolean): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (!shuffle) return order;
  const rng = createSplitMix64(epochState(seed, epoch));
  for (let i = n - 1; i > 0; i--) {
    const j = Number(rng.next() % BigInt(i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}
