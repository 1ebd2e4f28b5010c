// The standard grpc_server_* family (as go-grpc-prometheus and py-grpc-prometheus name it), so
// shared Grafana dashboards work unchanged. Labels are bounded: service, method, type, code.
import { Counter, Histogram } from "prom-client";
import type { MetricsRegistry } from "./registry.js";

/** gRPC call kinds as the grpc_type label spells them. */
export type GrpcType = "unary" | "server_stream" | "client_stream" | "bidi_stream";

/** Records the life of one call. */
export interface GrpcCallRecorder {
  /** Counts one message sent to the client. */
  sent(): void;
  /** Ends the call with its status code name (e.g. "OK", "INVALID_ARGUMENT"). */
  handled(code: string): void;
}

/** Metrics of gRPC calls. */
export interface GrpcServerMetrics {
  /** Starts recording a call (counts started and the request message). */
  start(service: string, method: string, type: GrpcType): GrpcCallRecorder;
}

/** Registers the grpc_server_* metrics. */
export function createGrpcServerMetrics(registry: MetricsRegistry): GrpcServerMetrics {
  const base = ["grpc_type", "grpc_service", "grpc_method"] as const;
  const started = new Counter({ name: "grpc_server_started_total", help: "RPCs started on the server.", labelNames: base, registers: [registry] });
  const handled = new Counter({
    name: "grpc_server_handled_total",
    help: "RPCs completed on the server, by status code.",
    labelNames: [...base, "grpc_code"] as const,
    registers: [registry],
  });
  const received = new Counter({ name: "grpc_server_msg_received_total", help: "Request messages received by the server.", labelNames: base, registers: [registry] });
  const sent = new Counter({ name: "grpc_server_msg_sent_total", help: "Response messages sent by the server.", labelNames: base, registers: [registry] });
  const seconds = new Histogram({
    name: "grpc_server_handling_seconds",
    help: "Time from the start of an RPC to its status, in seconds.",
    labelNames: base,
    buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 2.5, 10, 60, 300, 1800],
    registers: [registry],
  });
  return {
    start(service, method, type) {
      const labels = { grpc_type: type, grpc_service: service, grpc_method: method };
      started.inc(labels);
      received.inc(labels);
      const end = seconds.startTimer(labels);
      let done = false;
      return {
        sent: () => sent.inc(labels),
        handled(code) {
          if (done) return;
          done = true;
          handled.inc({ ...labels, grpc_code: goCodeName(code) });
          end();
        },
      };
    },
  };
}

/**
 * grpc-js names codes like "INVALID_ARGUMENT"; go-grpc-prometheus (whose dashboards and alerts we want
 * to work unchanged) writes Go's names: "InvalidArgument", and "Canceled" with one l.
 */
export function goCodeName(code: string): string {
  if (code === "OK") return "OK";
  if (code === "CANCELLED") return "Canceled";
  return code
    .toLowerCase()
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}
