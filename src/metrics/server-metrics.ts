// Metrics of the feature server's streams: one histogram per stage (by a bounded `stage` label),
// totals of what was sent, active streams, buffered bytes and consumer lag (docs/metrics.md).
import { Counter, Gauge, Histogram } from "prom-client";
import type { MetricsRegistry } from "./registry.js";

/** Stages of producing and sending one batch. */
export type StreamStage = "lmdb_read" | "pool" | "augment" | "encode" | "backpressure_wait" | "batch";

/** Bounded labels of a stream: a served dataset's name, never a request-supplied string. */
export interface StreamLabels {
  dataset: string;
  dtype: string;
  device: string;
}

/** What the server records about its streams. */
export interface ServerMetrics {
  observeStage(stage: StreamStage, dataset: string, seconds: number): void;
  /** Counts a batch handed to the transport. */
  batchSent(labels: StreamLabels, samples: number, bytes: number): void;
  /** Messages written but not yet flushed to the connection when a new batch was ready. */
  observeLag(dataset: string, messages: number): void;
  streamStarted(dataset: string): void;
  streamEnded(dataset: string): void;
  /** Sets the server's total stream buffer bytes (message slots, scratch, un-flushed messages). */
  setBufferedBytes(bytes: number): void;
}

const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Registers the stream metrics. */
export function createServerMetrics(registry: MetricsRegistry): ServerMetrics {
  const stage = new Histogram({
    name: "loff_stream_stage_duration_seconds",
    help: "Time one batch spends in a stream stage (lmdb_read, pool, augment, encode, backpressure_wait, batch = all of them), in seconds.",
    labelNames: ["stage", "dataset"] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const labelNames = ["dataset", "dtype", "device"] as const;
  const batches = new Counter({ name: "loff_stream_batches_total", help: "Batches handed to the transport.", labelNames, registers: [registry] });
  const samples = new Counter({ name: "loff_stream_samples_total", help: "Samples handed to the transport.", labelNames, registers: [registry] });
  const bytes = new Counter({ name: "loff_stream_bytes_total", help: "Message bytes handed to the transport (protobuf, without gRPC framing).", labelNames, registers: [registry] });
  const lag = new Histogram({
    name: "loff_stream_consumer_lag_messages",
    help: "Messages of a stream written but not yet flushed to the connection when its next batch was ready.",
    labelNames: ["dataset"] as const,
    buckets: [0, 1, 2, 3, 4, 8],
    registers: [registry],
  });
  const active = new Gauge({ name: "loff_active_streams", help: "Streams being served.", labelNames: ["dataset"] as const, registers: [registry] });
  const buffered = new Gauge({
    name: "loff_stream_buffer_bytes",
    help: "Bytes held by all streams: message slots, scratch buffers and un-flushed messages.",
    registers: [registry],
  });
  return {
    observeStage: (s, dataset, seconds) => stage.observe({ stage: s, dataset }, seconds),
    batchSent(labels, n, b) {
      batches.inc(labels);
      samples.inc(labels, n);
      bytes.inc(labels, b);
    },
    observeLag: (dataset, messages) => lag.observe({ dataset }, messages),
    streamStarted: (dataset) => active.inc({ dataset }),
    streamEnded: (dataset) => active.dec({ dataset }),
    setBufferedBytes: (b) => buffered.set(b),
  };
}
