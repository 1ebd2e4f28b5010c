// Keys of the cache's LMDB databases. Record keys are 8-byte big-endian sample ids, so key order is
// id order in every language's LMDB binding.

/** Database names inside the environment. */
export const DB = { records: "records", meta: "meta", sources: "sources", summaries: "summaries" } as const;

/** Meta keys. */
export const META = { manifest: "manifest", index: "index" } as const;

/** The record key of a sample id. */
export function idKey(id: number): Buffer {
  if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`bad sample id ${id}`);
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(id));
  return b;
}

/** The sample id of a record key. */
export function keyId(key: Uint8Array): number {
  return Number(Buffer.from(key.buffer, key.byteOffset, key.byteLength).readBigUInt64BE(0));
}

/** The key of a meta entry or a source path (UTF-8 bytes). */
export function strKey(s: string): Buffer {
  return Buffer.from(s, "utf8");
}
