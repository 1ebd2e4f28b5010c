import assert from "node:assert/strict";
import { test } from "node:test";
import { status } from "@grpc/grpc-js";
import { goCodeName } from "../../src/metrics/grpc-metrics.js";

test("status codes are labelled as go-grpc-prometheus spells them", () => {
  const want: Record<string, string> = {
    OK: "OK", CANCELLED: "Canceled", UNKNOWN: "Unknown", INVALID_ARGUMENT: "InvalidArgument", DEADLINE_EXCEEDED: "DeadlineExceeded",
    NOT_FOUND: "NotFound", ALREADY_EXISTS: "AlreadyExists", PERMISSION_DENIED: "PermissionDenied", RESOURCE_EXHAUSTED: "ResourceExhausted",
    FAILED_PRECONDITION: "FailedPrecondition", ABORTED: "Aborted", OUT_OF_RANGE: "OutOfRange", UNIMPLEMENTED: "Unimplemented",
    INTERNAL: "Internal", UNAVAILABLE: "Unavailable", DATA_LOSS: "DataLoss", UNAUTHENTICATED: "Unauthenticated",
  };
  for (const name of Object.keys(status).filter((k) => Number.isNaN(Number(k)))) assert.equal(goCodeName(name), want[name], name);
});
