// Public surface of the cache layer (the only code that imports lmdb).
export { CacheError, type CacheErrorKind } from "./cache-error.js";
export { openCacheReader, type CacheReader } from "./cache-reader.js";
export { openCacheWriter, type CacheWriter, type ManifestDraft, type WriteItem } from "./cache-writer.js";
export { isCacheDir } from "./lmdb-env.js";
export { CACHE_FORMAT_VERSION, SPLITS, type Manifest, type ModelProvenance, type SplitName, type SplitStats } from "./manifest.js";
export { compatibilityProblem } from "./manifest-io.js";
export { decodeRecord, encodeRecord, recordBytes, RECORD_HEADER_BYTES, type FeatureRecord, type RecordInput } from "./record.js";
export type { SplitIndex } from "./index-table.js";
export { sumTokens, type TokenSums } from "./record-summary.js";
export { verifyCache, type VerifyReport } from "./verify-cache.js";
export { describeCache, type CacheDescription } from "./describe-cache.js";
