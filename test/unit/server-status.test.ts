// The status boundary maps every error kind once, and hides unexpected errors' details.
import assert from "node:assert/strict";
import { test } from "node:test";
import { status } from "@grpc/grpc-js";
import { pino } from "pino";
import { CacheError } from "../../src/cache/index.js";
import { INTERNAL_MESSAGE, toServiceError } from "../../src/server/error-boundary.js";
import { ServerError } from "../../src/server/server-error.js";

test("server and cache errors map to their statuses with their messages", () => {
  const lines: string[] = [];
  const log = pino({ level: "error" }, { write: (s: string) => void lines.push(s) });
  assert.equal(toServiceError(new ServerError("out-of-range", "past the end"), log).code, status.OUT_OF_RANGE);
  assert.equal(toServiceError(new ServerError("unauthenticated", "no"), log).details, "no");
  const cases: Array<[CacheError["kind"], status]> = [
    ["not-found", status.NOT_FOUND],
    ["format", status.FAILED_PRECONDITION],
    ["mismatch", status.FAILED_PRECONDITION],
    ["incomplete", status.FAILED_PRECONDITION],
    ["corrupt", status.DATA_LOSS],
  ];
  for (const [kind, code] of cases) assert.equal(toServiceError(new CacheError(kind, `cache ${kind}`), log).code, code);
  const e = toServiceError(new TypeError("secret path /etc/x"), log, { method: "M" });
  assert.equal(e.code, status.INTERNAL);
  assert.equal(e.details, INTERNAL_MESSAGE);
  assert.ok(lines.some((l) => l.includes("secret path /etc/x") && l.includes('"method":"M"')), "details go to the log");
});
