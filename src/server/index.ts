// Public surface of the feature server.
export { createFeatureServer, type FeatureServer } from "./feature-server.js";
export { resolveServerOptions, SERVER_DEFAULTS, type FeatureServerOptions, type KeepaliveOptions } from "./server-options.js";
export type { AugmentEngine, StreamAugmentJob } from "./augment-port.js";
export { createAugmentEngine } from "./augment-engine.js";
export type { TlsFiles } from "./credentials.js";
export type { StreamStats } from "./stream-registry.js";
export { datasetHealthName, FEATURE_SERVICE_NAME } from "./health.js";
export { epochOrder } from "./sample-order.js";
export { shardIndex, shardLength, batchesPerEpoch, type ShardSpec } from "./sharding.js";
export { cursorFingerprint, type OrderKey } from "./cursor.js";
export { ServerError, type ServerErrorCode } from "./server-error.js";
