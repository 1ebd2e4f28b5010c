// loff_build_info: a constant 1 labelled with the versions, the usual Prometheus idiom for
// joining build data onto other series.
import { Gauge } from "prom-client";
import type { MetricsRegistry } from "./registry.js";

/** Registers loff_build_info{version, node_version, grpc_js_version} = 1. */
export function registerBuildInfo(registry: MetricsRegistry, info: { version: string; grpcJsVersion: string }): void {
  const g = new Gauge({
    name: "loff_build_info",
    help: "Build information of this loff process; the value is always 1.",
    labelNames: ["version", "node_version", "grpc_js_version"] as const,
    registers: [registry],
  });
  g.set({ version: info.version, node_version: process.version, grpc_js_version: info.grpcJsVersion }, 1);
}
