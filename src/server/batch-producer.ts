// Produces one batch message in a slot: LMDB read -> (pool) -> (augment) -> encode. Non-augmented
// fp16 batches are read straight into the message buffer; everything else goes through scratch
// buffers over SharedArrayBuffers so pool workers write in place.
import { avgPoolFloat16 } from "../augment/pool.js";
import { float16ToFloat32 } from "../contract/float16.js";
import { dtypeSize, dtypeToProto } from "../contract/dtype.js";
import type { ServerMetrics } from "../metrics/server-metrics.js";
import type { AugmentEngine } from "./augment-port.js";
import { maxTailBytes } from "./batch-encoder.js";
import type { BatchRef } from "./batch-sequence.js";
import { createMessageSlot, type MessageSlot } from "./message-slot.js";
import type { StreamPlan } from "./stream-plan.js";

/** Makes batch messages of one stream. */
export interface BatchProducer {
  /** Bytes this producer holds (its slots and scratch buffers). */
  readonly bytes: number;
  /** Fills `slot` with batch `ref`; returns the message (a view of the slot). */
  produce(ref: BatchRef, slot: MessageSlot, signal: AbortSignal): Promise<Buffer>;
  /** The message slots (prefetch depth) of this stream. */
  readonly slots: MessageSlot[];
}

function sharedU16(n: number): Uint16Array {
  return new Uint16Array(new SharedArrayBuffer(Math.max(2, n * 2)));
}

/** Creates the producer of a plan, with `depth` message slots. */
export function createBatchProducer(
  plan: StreamPlan,
  engine: AugmentEngine | undefined,
  metrics: ServerMetrics,
  streamKey: string,
  depth: number,
): BatchProducer {
  const B = plan.key.batchSize;
  const { stored, served } = plan;
  const storedPer = stored.height * stored.width * stored.channels;
  const servedPer = served.height * served.width * served.channels;
  const c = served.channels;
  const esize = dtypeSize(plan.dtype);
  const direct = plan.policy === undefined && plan.pool === 1 && plan.dtype === "float16";
  // fp16 -> fp32 of an un-augmented batch is the engine's identity fast path when there is one.
  const needsEngine = plan.policy !== undefined || (plan.dtype === "float32" && plan.pool === 1 && engine !== undefined);
  const convertHere = !direct && !needsEngine && plan.pool === 1;
  const policy = needsEngine ? (plan.policy ?? (engine as AugmentEngine).resolvePolicy("none", served)) : undefined;
  const clsBytes = plan.includeCls ? B * c * esize : 0;
  const slots = Array.from({ length: depth }, () => createMessageSlot(B * servedPer * esize, maxTailBytes(B, clsBytes)));
  // Scratch: raw fp16 as read, pooled fp16, CLS in/out. Only what this plan needs is allocated.
  const raw = direct ? undefined : sharedU16(B * storedPer);
  const pooled = plan.pool > 1 && needsEngine ? sharedU16(B * servedPer) : undefined;
  const clsIn = sharedU16(B * c);
  const clsOut = new Uint8Array(new SharedArrayBuffer(Math.max(4, B * c * 4)));
  const bytes = slots.reduce((a, s) => a + s.capacity, 0) + (raw?.byteLength ?? 0) + (pooled?.byteLength ?? 0) + clsIn.byteLength + clsOut.byteLength;
  const tokensShape = (b: number): number[] => (plan.layout === "grid" ? [b, served.height, served.width, c] : [b, served.height * served.width, c]);
  const dataset = plan.dataset.name;
  const reader = plan.dataset.reader;

  return {
    bytes,
    slots,
    async produce(ref, slot, signal) {
      const b = ref.ids.length;
      const t0 = performance.now();
      slot.begin({ dtype: dtypeToProto(plan.dtype), shape: tokensShape(b) }, b * servedPer * esize);
      const readTarget = direct ? slot.tokensU16() : (raw as Uint16Array);
      for (let i = 0; i < b; i++) reader.readInto(ref.ids[i] as number, readTarget, i * storedPer, clsIn, i * c);
      const t1 = performance.now();
      metrics.observeStage("lmdb_read", dataset, (t1 - t0) / 1000);
      let tokensIn = raw;
      if (!direct && plan.pool > 1) {
        const shape: [number, number, number, number] = [b, stored.height, stored.width, stored.channels];
        const src = (raw as Uint16Array).subarray(0, b * storedPer);
        if (needsEngine) {
          avgPoolFloat16(src, shape, plan.pool, (pooled as Uint16Array).subarray(0, b * servedPer));
          tokensIn = pooled;
        } else if (plan.dtype === "float16") {
          avgPoolFloat16(src, shape, plan.pool, slot.tokensU16());
        } else {
          avgPoolFloat16(src, shape, plan.pool, slot.tokensF32());
        }
        metrics.observeStage("pool", dataset, (performance.now() - t1) / 1000);
      }
      const clsOutView = plan.dtype === "float16" ? new Uint16Array(clsOut.buffer, 0, b * c) : new Float32Array(clsOut.buffer, 0, b * c);
      if (convertHere) float16ToFloat32((raw as Uint16Array).subarray(0, b * servedPer), slot.tokensF32());
      if (needsEngine) {
        const t2 = performance.now();
        const e = engine as AugmentEngine;
        await e.run({
          policy: policy as NonNullable<typeof policy>,
          seed: plan.key.seed,
          epoch: ref.epoch,
          ids: ref.ids,
          shape: served,
          tokens: (tokensIn as Uint16Array).subarray(0, b * servedPer),
          ...(plan.includeCls ? { cls: clsIn.subarray(0, b * c), outCls: clsOutView } : {}),
          channelMean: plan.dataset.channelMean,
          channelStd: plan.dataset.channelStd,
          outTokens: plan.dtype === "float16" ? slot.tokensU16() : slot.tokensF32(),
          streamKey,
          signal,
        });
        metrics.observeStage("augment", dataset, (performance.now() - t2) / 1000);
      } else if (plan.includeCls) {
        if (plan.dtype === "float16") (clsOutView as Uint16Array).set(clsIn.subarray(0, b * c));
        else float16ToFloat32(clsIn.subarray(0, b * c), clsOutView as Float32Array);
      }
      const t3 = performance.now();
      const msg = slot.finish({
        ...(plan.includeCls
          ? { cls: { head: { dtype: dtypeToProto(plan.dtype), shape: [b, c] }, data: new Uint8Array(clsOut.buffer, 0, b * c * esize) } }
          : {}),
        labels: ref.labels,
        ids: ref.ids,
        cursor: ref.cursor,
        epoch: ref.epoch,
        batchIndex: ref.index,
      });
      metrics.observeStage("encode", dataset, (performance.now() - t3) / 1000);
      return msg;
    },
  };
}
