// The batches of a stream in order, from its start cursor: which sample ids each batch holds
// and the cursor that resumes after it. Pure: a function of the plan only.
import { epochOrder } from "./sample-order.js";
import { shardIndex } from "./sharding.js";
import type { StreamPlan } from "./stream-plan.js";

/** One batch of a stream, before its tensors are read. */
export interface BatchRef {
  epoch: number;
  index: number;
  ids: number[];
  labels: number[];
  /** The cursor resuming right after this batch. */
  cursor: { epoch: number; offset: number; fingerprint: number };
}

/** Iterates a plan's batches; `next()` returns undefined once the requested epochs are done. */
export function createBatchSequence(plan: StreamPlan): { next(): BatchRef | undefined } {
  let epoch = plan.start.epoch;
  let index = plan.start.batch;
  let order: Uint32Array | undefined;
  let orderEpoch = -1;
  const n = plan.ids.length;
  const b = plan.key.batchSize;
  return {
    next() {
      if (plan.epochs > 0 && epoch >= plan.epochs) return undefined;
      if (orderEpoch !== epoch) {
        order = epochOrder(n, plan.key.seed, epoch, plan.key.shuffle);
        orderEpoch = epoch;
      }
      const o = order as Uint32Array;
      const first = index * b;
      const end = Math.min(first + b, plan.shardLength);
      const ids: number[] = [];
      const labels: number[] = [];
      for (let i = first; i < end; i++) {
        const pos = o[shardIndex(n, plan.key.shard, i)] as number;
        ids.push(plan.ids[pos] as number);
        labels.push(plan.labels[pos] as number);
      }
      const last = index + 1 === plan.batchesPerEpoch;
      const ref: BatchRef = {
        epoch,
        index,
        ids,
        labels,
        cursor: { epoch: last ? epoch + 1 : epoch, offset: last ? 0 : end, fingerprint: plan.fingerprint },
      };
      if (last) {
        epoch++;
        index = 0;
      } else {
        index++;
      }
      return ref;
    },
  };
}
