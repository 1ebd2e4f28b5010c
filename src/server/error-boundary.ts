// The status boundary: every error leaving a handler passes through toServiceError, which maps
// it to a gRPC status per ARCHITECTURE.md. Unexpected errors become INTERNAL with a generic
// message; their details go to the log only.
import { Metadata, status, type ServiceError } from "@grpc/grpc-js";
import type { Logger } from "pino";
import { CacheError, type CacheErrorKind } from "../cache/index.js";
import { GRPC_STATUS, ServerError } from "./server-error.js";

const CACHE_STATUS: Readonly<Record<CacheErrorKind, status>> = Object.freeze({
  "not-found": status.NOT_FOUND,
  format: status.FAILED_PRECONDITION,
  mismatch: status.FAILED_PRECONDITION,
  incomplete: status.FAILED_PRECONDITION,
  corrupt: status.DATA_LOSS,
});

/** The message INTERNAL errors carry on the wire. */
export const INTERNAL_MESSAGE = "internal server error; see the server log";

/** Maps any throwable to a gRPC status object; logs unexpected errors with their stack. */
export function toServiceError(err: unknown, log: Logger, context: Record<string, unknown> = {}): ServiceError {
  let code: status;
  let details: string;
  if (err instanceof ServerError) {
    code = GRPC_STATUS[err.code];
    details = err.message;
  } else if (err instanceof CacheError) {
    code = CACHE_STATUS[err.kind];
    details = err.message;
    log.error({ ...context, err }, "cache error");
  } else {
    code = status.INTERNAL;
    details = INTERNAL_MESSAGE;
    log.error({ ...context, err }, "unexpected error");
  }
  const e = new Error(details) as ServiceError;
  e.code = code;
  e.details = details;
  e.metadata = new Metadata();
  return e;
}
