// The feature server: FeatureService + health + reflection on one gRPC port, streams accounted
// and limited, metrics in a registry, and a graceful shutdown that lets trainers resume elsewhere.
import { createRequire } from "node:module";
import { Server, status, type ServerUnaryCall, type sendUnaryData, type ServerWritableStream } from "@grpc/grpc-js";
import { FeatureServiceService, type StreamBatchesRequest } from "../gen/loff/v1/feature_service.js";
import { createGrpcServerMetrics, type GrpcCallRecorder } from "../metrics/grpc-metrics.js";
import { registerBuildInfo } from "../metrics/build-info.js";
import { createMetricsRegistry, type MetricsRegistry } from "../metrics/registry.js";
import { createServerMetrics } from "../metrics/server-metrics.js";
import { createAuthenticator } from "./auth.js";
import { serverCredentials } from "./credentials.js";
import { datasetInfo, datasetSummary } from "./dataset-info.js";
import { openDatasets, type Dataset } from "./dataset-registry.js";
import { toServiceError } from "./error-boundary.js";
import { createServerHealth, datasetHealthName, FEATURE_SERVICE_NAME } from "./health.js";
import { createReflection } from "./reflection.js";
import { ServerError } from "./server-error.js";
import { resolveServerOptions, type FeatureServerOptions } from "./server-options.js";
import { serveStream } from "./stream-handler.js";
import { createStreamRegistry, type StreamStats } from "./stream-registry.js";
import { serializeOutgoing, type OutgoingMessage } from "./outgoing-message.js";
import { presetsFor } from "./presets.js";

/** A running feature server. */
export interface FeatureServer {
  /** host:port it listens on (the real port when 0 was asked for). */
  readonly address: string;
  readonly port: number;
  readonly datasets: readonly string[];
  readonly registry: MetricsRegistry;
  /** Accounting of open streams and their buffers. */
  stats(): StreamStats;
  /** Graceful shutdown: NOT_SERVING, finish batches in flight, UNAVAILABLE to streams, stop. */
  close(): Promise<void>;
}

const pkgVersion = (spec: string): string => (createRequire(import.meta.url)(spec) as { version: string }).version;

/** Opens the caches and starts serving them. */
export async function createFeatureServer(
  options: Partial<FeatureServerOptions> & Pick<FeatureServerOptions, "cacheDir" | "log">,
): Promise<FeatureServer> {
  const o = resolveServerOptions(options);
  const log = o.log;
  const opened = openDatasets(o.cacheDir);
  const datasets = new Map<string, Dataset>(opened.datasets.map((d) => [d.name, d]));
  const unavailable = opened.unavailable;
  for (const [name, reason] of unavailable) log.warn({ dataset: name, reason }, "cache left out");
  const registry = o.registry ?? createMetricsRegistry();
  registerBuildInfo(registry, { version: pkgVersion("../../package.json"), grpcJsVersion: pkgVersion("@grpc/grpc-js/package.json") });
  const metrics = createServerMetrics(registry);
  const grpcMetrics = createGrpcServerMetrics(registry);
  const streams = createStreamRegistry(o.maxStreams, (b) => metrics.setBufferedBytes(b));
  const authenticate = createAuthenticator(o.authToken);
  const health = createServerHealth([...datasets.keys()]);
  for (const name of unavailable.keys()) health.implementation.setStatus(datasetHealthName(name), "NOT_SERVING");

  const finish = (rec: GrpcCallRecorder, err: unknown, context: Record<string, unknown>) => {
    const e = toServiceError(err, log, context);
    rec.handled(status[e.code]);
    return e;
  };
  function unary<Req, Res>(method: string, fn: (req: Req) => Res) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
      const rec = grpcMetrics.start(FEATURE_SERVICE_NAME, method, "unary");
      try {
        authenticate(call.metadata);
        const res = fn(call.request);
        rec.sent();
        rec.handled("OK");
        callback(null, res);
      } catch (err) {
        callback(finish(rec, err, { method }));
      }
    };
  }
  const lookup = (name: string): Dataset => {
    const d = datasets.get(name);
    const reason = unavailable.get(name);
    if (reason !== undefined) throw new ServerError("failed-precondition", `dataset "${name}" cannot be served: ${reason}`);
    if (d === undefined) throw new ServerError("not-found", `dataset "${name}" not found; served: ${[...datasets.keys()].join(", ")}`);
    return d;
  };

  const server = new Server({
    "grpc.keepalive_time_ms": o.keepalive.timeMs,
    "grpc.keepalive_timeout_ms": o.keepalive.timeoutMs,
    "grpc.http2.min_ping_interval_without_data_ms": o.keepalive.minClientPingIntervalMs,
    "grpc.max_send_message_length": o.maxBatchBytes + 1024 * 1024,
  });
  // StreamBatches messages are pre-encoded: its serializer passes the bytes through.
  const service = { ...FeatureServiceService, streamBatches: { ...FeatureServiceService.streamBatches, responseSerialize: serializeOutgoing } };
  server.addService(service, {
    listDatasets: unary("ListDatasets", () => ({ datasets: opened.datasets.map(datasetSummary) })),
    getDatasetInfo: unary("GetDatasetInfo", (req: { dataset: string }) => {
      const d = lookup(req.dataset);
      return { info: datasetInfo(d, presetsFor(o.engine, d)) };
    }),
    streamBatches: (call: ServerWritableStream<StreamBatchesRequest, OutgoingMessage>) => {
      const rec = grpcMetrics.start(FEATURE_SERVICE_NAME, "StreamBatches", "server_stream");
      const deps = { datasets, unavailable, engine: o.engine, registry: streams, metrics, limits: { maxBatchBytes: o.maxBatchBytes }, maxUnflushed: o.maxUnflushedMessages, log };
      void (async () => {
        try {
          authenticate(call.metadata);
          await serveStream(call, deps, () => rec.sent());
          if (call.cancelled) rec.handled("CANCELLED");
          else {
            rec.handled("OK");
            call.end();
          }
        } catch (err) {
          const e = finish(rec, err, { method: "StreamBatches", dataset: call.request.dataset });
          if (!call.cancelled) call.emit("error", e);
        }
      })();
    },
  });
  health.implementation.addToServer(server);
  createReflection().addToServer(server);

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(o.address, serverCredentials(o.tls), (err, p) => (err ? reject(err) : resolve(p)));
  });
  const host = o.address.slice(0, o.address.lastIndexOf(":"));
  log.info({ address: `${host}:${port}`, datasets: [...datasets.keys()], tls: o.tls !== undefined, mtls: o.tls?.clientCa !== undefined, auth: o.authToken !== undefined, device: o.engine?.device ?? "none" }, "serving");

  let closing: Promise<void> | undefined;
  return {
    address: `${host}:${port}`,
    port,
    datasets: [...datasets.keys()],
    registry,
    stats: () => streams.stats(),
    close() {
      closing ??= (async () => {
        health.setAll("NOT_SERVING");
        const grace = new AbortController();
        const timer = setTimeout(() => grace.abort(), o.shutdownGraceMs);
        await Promise.race([streams.drain(), new Promise((r) => grace.signal.addEventListener("abort", r, { once: true }))]);
        clearTimeout(timer);
        // Let the streams' final statuses flush; Health Watch calls never end by themselves, so
        // whatever is left after a short wait is cancelled.
        let flushTimer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((r) => server.tryShutdown(() => r())),
          new Promise<void>((r) => (flushTimer = setTimeout(r, Math.min(1000, o.shutdownGraceMs)))),
        ]);
        clearTimeout(flushTimer);
        server.forceShutdown();
        await Promise.all(opened.datasets.map((d) => d.reader.close()));
        log.info("stopped");
      })();
      return closing;
    },
  };
}
