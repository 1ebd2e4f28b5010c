// Public surface of the TypeScript client.
export { createFeatureClient, type FeatureClient, type StreamOptions, type StreamRequest } from "./feature-client.js";
export { decodeBatch, type FeatureBatch } from "./feature-batch.js";
export { createBatchDigest, type BatchDigest } from "./batch-digest.js";
export { CLIENT_DEFAULTS, resolveClientOptions, type ClientTls, type FeatureClientOptions } from "./client-options.js";
export { BACKOFF_DEFAULTS, backoffDelay, type BackoffOptions } from "./backoff.js";
export { float16ToFloat32 } from "../contract/float16.js";
export { DataType } from "../gen/loff/v1/tensor.js";
export { Layout, Remainder, type Cursor, type DatasetInfo, type DatasetSummary } from "../gen/loff/v1/feature_service.js";
