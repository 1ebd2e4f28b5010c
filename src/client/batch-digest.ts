// A digest of a stream's content, comparable across runs, replicas and client languages:
// sha256 over every sample in stream order of id (uint64 LE), label (int32 LE), its tokens'
// bytes and its CLS bytes (when present), exactly as they arrived.
import { createHash } from "node:crypto";
import type { FeatureBatch } from "./feature-batch.js";

/** An incremental stream digest. */
export interface BatchDigest {
  update(batch: FeatureBatch): void;
  /** Lowercase hex sha256. */
  digest(): string;
}

/** Creates an empty digest. */
export function createBatchDigest(): BatchDigest {
  const h = createHash("sha256");
  const head = Buffer.alloc(12);
  return {
    update(b) {
      const n = b.ids.length;
      const tok = Buffer.from(b.tokens.buffer, b.tokens.byteOffset, b.tokens.byteLength);
      const cls = b.cls === undefined ? undefined : Buffer.from(b.cls.buffer, b.cls.byteOffset, b.cls.byteLength);
      const per = tok.length / n;
      const perCls = cls === undefined ? 0 : cls.length / n;
      for (let i = 0; i < n; i++) {
        head.writeBigUInt64LE(BigInt(b.ids[i] as number), 0);
        head.writeInt32LE(b.labels[i] as number, 8);
        h.update(head);
        h.update(tok.subarray(i * per, (i + 1) * per));
        if (cls !== undefined) h.update(cls.subarray(i * perCls, (i + 1) * perCls));
      }
    },
    digest: () => h.copy().digest("hex"),
  };
}
