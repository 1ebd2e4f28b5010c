// The TypeScript conformance runner: reads the plan's cases with src/client, the reference run.
import { createHash } from "node:crypto";
import { createFeatureClient, DataType, Layout, Remainder, type Cursor, type FeatureBatch, type StreamRequest } from "../../src/client/index.js";
import type { BatchRecord, Plan, PlanRequest, RunRecord } from "./records.js";

/** The plan's request as the TypeScript client takes it. */
export function toStreamRequest(dataset: string, r: PlanRequest): StreamRequest {
  return {
    dataset,
    split: r.split ?? "train",
    batchSize: r.batchSize,
    seed: r.seed ?? 0,
    epochs: r.epochs ?? 0,
    shuffle: r.shuffle ?? false,
    dtype: r.dtype === "float32" ? DataType.DATA_TYPE_FLOAT32 : DataType.DATA_TYPE_FLOAT16,
    layout: r.layout === "grid" ? Layout.LAYOUT_GRID : Layout.LAYOUT_TOKENS,
    dropLast: r.dropLast ?? false,
    ...(r.includeCls !== undefined ? { includeCls: r.includeCls } : {}),
    ...(r.shard !== undefined ? { shard: { rank: r.shard.rank, world: r.shard.world, remainder: Remainder.REMAINDER_WRAP } } : {}),
    ...(r.augmentation !== undefined ? { augmentation: { preset: r.augmentation, ops: [] } } : {}),
  };
}

function rowHashes(data: Uint16Array | Float32Array, rows: number): string[] {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const per = bytes.length / rows;
  return Array.from({ length: rows }, (_, i) => createHash("sha256").update(bytes.subarray(i * per, (i + 1) * per)).digest("hex"));
}

/** A received batch as a conformance record. */
export function recordOf(b: FeatureBatch): BatchRecord {
  const n = b.ids.length;
  const tokens = rowHashes(b.tokens, n);
  const cls = b.cls === undefined ? undefined : rowHashes(b.cls, n);
  return {
    epoch: b.epoch,
    batchIndex: b.batchIndex,
    cursor: { epoch: b.cursor.epoch, offset: String(b.cursor.offset), fingerprint: String(b.cursor.fingerprint) },
    dtype: b.dtype,
    shape: b.shape,
    samples: b.ids.map((id, i) => ({ id: String(id), label: b.labels[i] ?? NaN, tokens: tokens[i] ?? "", cls: cls?.[i] ?? null })),
  };
}

/** Reads every case of `plan` from the server at `address`. */
export async function runTypeScript(plan: Plan, address: string): Promise<RunRecord> {
  const client = createFeatureClient({ address });
  try {
    const cases: Record<string, BatchRecord[]> = {};
    for (const c of plan.cases) {
      const req = toStreamRequest(plan.dataset, c.request);
      const out: BatchRecord[] = [];
      let cursor: Cursor | undefined;
      for await (const b of client.streamBatches(req)) {
        out.push(recordOf(b));
        cursor = b.cursor;
        if (c.resumeAfter !== undefined && out.length === c.resumeAfter) break;
      }
      if (c.resumeAfter !== undefined && cursor !== undefined) {
        for await (const b of client.streamBatches({ ...req, start: cursor })) out.push(recordOf(b));
      }
      cases[c.name] = out;
    }
    return { language: "typescript", cases };
  } finally {
    client.close();
  }
}
