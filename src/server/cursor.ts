// Cursors and their fingerprints. A fingerprint is a 53-bit hash of the request fields that shape
// the order of a stream, so it survives ts-proto's number mapping of fixed64 (and JSON) exactly.
import { createHash } from "node:crypto";
import type { ShardSpec } from "./sharding.js";

/** The request fields that decide which sample comes at which position. */
export interface OrderKey {
  dataset: string;
  split: string;
  seed: number;
  shuffle: boolean;
  shard: ShardSpec;
  batchSize: number;
  dropLast: boolean;
}

/**
 * The fingerprint of an order key: the first 8 bytes (big-endian) of sha256 over
 * "loff.v1.cursor\n" + the fields joined by "\n", masked to 53 bits; 0 becomes 1 so a cursor
 * always carries it. docs/protocol.md spells out the field encoding.
 */
export function cursorFingerprint(k: OrderKey): number {
  const text = [
    "loff.v1.cursor",
    k.dataset,
    k.split,
    String(k.seed),
    k.shuffle ? "1" : "0",
    String(k.shard.rank),
    String(k.shard.world),
    k.shard.remainder,
    String(k.batchSize),
    k.dropLast ? "1" : "0",
  ].join("\n");
  const d = createHash("sha256").update(text, "utf8").digest();
  const fp = (d.readUInt32BE(0) & 0x1fffff) * 2 ** 32 + d.readUInt32BE(4);
  return fp === 0 ? 1 : fp;
}
