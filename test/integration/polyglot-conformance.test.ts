// Cross-language conformance: the TypeScript, Python and Go clients read the same StreamBatches
// requests from one server and must agree on every id, label, cursor and tensor byte
// (test/conformance; accepted differences live in test/conformance/known-differences.json).
import assert from "node:assert/strict";
import { test } from "node:test";
import { runConformance } from "../conformance/conformance.js";
import { readPlan } from "../conformance/records.js";
import { PLAN_PATH } from "../conformance/conformance.js";

test("TypeScript, Python and Go receive byte-identical streams", async () => {
  const report = await runConformance();
  assert.deepEqual(report.failures, []);
  const plan = readPlan(PLAN_PATH);
  assert.deepEqual(
    report.runs.map((r) => r.language),
    ["typescript", "python", "go"],
  );
  assert.equal(report.table.length, 3 * plan.cases.length);
  for (const run of report.runs) {
    const samples = Object.values(run.cases).reduce((n, c) => n + c.reduce((m, b) => m + b.samples.length, 0), 0);
    assert.ok(samples > 200, `${run.language} compared only ${samples} samples`);
  }
});
