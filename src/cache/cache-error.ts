// Errors of the cache layer, each with a kind the server maps to a gRPC status
// (not-found -> NOT_FOUND, format/mismatch/incomplete -> FAILED_PRECONDITION, corrupt -> DATA_LOSS).

/** What went wrong with a cache. */
export type CacheErrorKind = "not-found" | "format" | "mismatch" | "incomplete" | "corrupt";

/** An error about a cache on disk; the message says which cache and why. */
export class CacheError extends Error {
  constructor(
    readonly kind: CacheErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "CacheError";
  }
}
