// The StreamBatches handler: plan, then a two-slot pipeline (produce batch k+1 while batch k waits
// for the connection), bounded un-flushed messages, cancellation that stops work at once, and
// draining that finishes the batch in flight and ends with UNAVAILABLE.
import type { ServerWritableStream } from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { StreamBatchesRequest } from "../gen/loff/v1/feature_service.js";
import type { ServerMetrics } from "../metrics/server-metrics.js";
import type { AugmentEngine } from "./augment-port.js";
import { createBatchProducer } from "./batch-producer.js";
import { createBatchSequence, type BatchRef } from "./batch-sequence.js";
import type { Dataset } from "./dataset-registry.js";
import type { OutgoingMessage } from "./outgoing-message.js";
import { ServerError } from "./server-error.js";
import { createStreamWriter } from "./stream-writer.js";
import { planStream, type StreamLimits } from "./stream-plan.js";
import type { StreamHandle, StreamRegistry } from "./stream-registry.js";

/** What the handler needs. */
export interface StreamHandlerDeps {
  datasets: ReadonlyMap<string, Dataset>;
  /** Caches of the served folder that could not be opened, with the reason (FAILED_PRECONDITION). */
  unavailable?: ReadonlyMap<string, string>;
  engine: AugmentEngine | undefined;
  registry: StreamRegistry;
  metrics: ServerMetrics;
  limits: StreamLimits;
  /** Messages a stream may have written but not flushed (>= 1). */
  maxUnflushed: number;
  log: Logger;
}

/** Serves one StreamBatches call to completion; throws what the status boundary maps. */
export async function serveStream(call: ServerWritableStream<StreamBatchesRequest, OutgoingMessage>, deps: StreamHandlerDeps, onSent: () => void): Promise<void> {
  const cancel = new AbortController();
  const onCancel = (): void => cancel.abort();
  call.on("cancelled", onCancel);
  let handle: StreamHandle | undefined;
  try {
    if (call.cancelled) return;
    const reason = deps.unavailable?.get(call.request.dataset);
    if (reason !== undefined) throw new ServerError("failed-precondition", `dataset "${call.request.dataset}" cannot be served: ${reason}`);
    const plan = planStream(call.request, deps.datasets, deps.engine, deps.limits);
    handle = deps.registry.open(plan.dataset.name);
    const h = handle;
    deps.metrics.streamStarted(plan.dataset.name);
    try {
      if (plan.finished) return;
      const device = plan.policy === undefined ? "none" : (deps.engine?.device ?? "none");
      const labels = { dataset: plan.dataset.name, dtype: plan.dtype, device };
      deps.log.info({ stream: h.id, dataset: plan.dataset.name, split: plan.split, batchSize: plan.key.batchSize, start: plan.start, epochs: plan.epochs }, "stream started");
      const producer = createBatchProducer(plan, deps.engine, deps.metrics, h.id, 2);
      h.setBufferBytes(producer.bytes);
      const writer = createStreamWriter(call, deps.maxUnflushed, (m, b) => h.setUnflushed(m, b));
      const waitSignal = AbortSignal.any([cancel.signal, deps.registry.drainSignal]);
      const seq = createBatchSequence(plan);
      const slots = producer.slots;
      // A slot is reused only after grpc-js has copied the message it held (see outgoing-message.ts).
      const slotFree: Array<Promise<void>> = slots.map(() => Promise.resolve());
      const start = (ref: BatchRef | undefined, k: number): Pending | undefined => {
        if (ref === undefined) return undefined;
        const s = k % slots.length;
        const t = performance.now();
        const p = (async () => {
          await untilOrAbort(slotFree[s] as Promise<void>, cancel.signal);
          cancel.signal.throwIfAborted();
          return producer.produce(ref, slots[s] as (typeof slots)[number], cancel.signal);
        })();
        p.catch(() => {}); // awaited below; this keeps an abandoned batch from crashing the process
        return { t, p, slot: s, samples: ref.ids.length };
      };
      let k = 0;
      let pending = start(seq.next(), k);
      while (pending !== undefined) {
        const current = pending;
        const msg = await current.p;
        if (cancel.signal.aborted) return;
        const draining = deps.registry.drainSignal.aborted;
        pending = draining ? undefined : start(seq.next(), k + 1);
        deps.metrics.observeLag(plan.dataset.name, writer.unflushed);
        const tw = performance.now();
        await writer.waitForCapacity(waitSignal);
        deps.metrics.observeStage("backpressure_wait", plan.dataset.name, (performance.now() - tw) / 1000);
        if (cancel.signal.aborted) return;
        if (writer.unflushed >= deps.maxUnflushed) break; // draining while the client is not reading
        let onSerialized = (): void => {};
        slotFree[current.slot] = new Promise<void>((r) => (onSerialized = r));
        writer.write({ bytes: msg, onSerialized });
        onSent();
        deps.metrics.batchSent(labels, current.samples, msg.length);
        deps.metrics.observeStage("batch", plan.dataset.name, (performance.now() - current.t) / 1000);
        k++;
      }
      if (deps.registry.drainSignal.aborted && !cancel.signal.aborted) {
        throw new ServerError("unavailable", "server is shutting down; resume from the last cursor on another replica");
      }
    } finally {
      deps.metrics.streamEnded(plan.dataset.name);
    }
  } finally {
    call.off("cancelled", onCancel);
    cancel.abort(); // stops any batch still in flight
    handle?.close();
  }
}

interface Pending {
  t: number;
  p: Promise<Buffer>;
  slot: number;
  samples: number;
}

function untilOrAbort(p: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    void p.then(done);
  });
}
