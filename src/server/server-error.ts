// The one error type of the server: a closed set of gRPC status codes and a message that is safe
// to send to the client. Anything else reaching the status boundary becomes INTERNAL.
import { status } from "@grpc/grpc-js";

/** Status codes the server sends on purpose (ARCHITECTURE.md, "Error mapping"). */
export type ServerErrorCode =
  | "invalid-argument"
  | "not-found"
  | "failed-precondition"
  | "out-of-range"
  | "data-loss"
  | "resource-exhausted"
  | "unauthenticated"
  | "permission-denied"
  | "unavailable"
  | "cancelled";

/** The gRPC status of each code, written down once. */
export const GRPC_STATUS: Readonly<Record<ServerErrorCode, status>> = Object.freeze({
  "invalid-argument": status.INVALID_ARGUMENT,
  "not-found": status.NOT_FOUND,
  "failed-precondition": status.FAILED_PRECONDITION,
  "out-of-range": status.OUT_OF_RANGE,
  "data-loss": status.DATA_LOSS,
  "resource-exhausted": status.RESOURCE_EXHAUSTED,
  unauthenticated: status.UNAUTHENTICATED,
  "permission-denied": status.PERMISSION_DENIED,
  unavailable: status.UNAVAILABLE,
  cancelled: status.CANCELLED,
});

/** An expected failure of a call; its message goes to the client verbatim. */
export class ServerError extends Error {
  constructor(
    readonly code: ServerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ServerError";
  }
}
