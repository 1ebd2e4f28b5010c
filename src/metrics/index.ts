// Public surface of the metrics layer (the only code importing prom-client).
export { createMetricsRegistry, renderMetrics, type MetricsRegistry } from "./registry.js";
export { registerBuildInfo } from "./build-info.js";
export { createGrpcServerMetrics, type GrpcCallRecorder, type GrpcServerMetrics, type GrpcType } from "./grpc-metrics.js";
export { createServerMetrics, type ServerMetrics, type StreamLabels, type StreamStage } from "./server-metrics.js";
