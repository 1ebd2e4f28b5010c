// The metrics registry of a process: prom-client's default process and Node.js metrics plus
// whatever the server or trainer registers. src/metrics is the only code importing prom-client.
import { Registry, collectDefaultMetrics } from "prom-client";

/** A registry of metrics (opaque outside src/metrics). */
export type MetricsRegistry = Registry;

// prom-client's gauges named *_total break Prometheus naming (promtool lints them); the same
// numbers remain available, split by type, as nodejs_active_handles/requests/resources.
const MISNAMED_DEFAULTS = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];

/** Creates a registry with the default process_* and nodejs_* metrics (lint-clean). */
export function createMetricsRegistry(opts: { defaults?: boolean } = {}): MetricsRegistry {
  const registry = new Registry();
  if (opts.defaults ?? true) {
    collectDefaultMetrics({ register: registry });
    for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  }
  return registry;
}

/** Renders the registry in the Prometheus text format. */
export function renderMetrics(registry: MetricsRegistry): Promise<string> {
  return registry.metrics();
}
