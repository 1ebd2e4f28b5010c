// The comparison itself: a conformance check that cannot fail proves nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compareRuns, type BatchRecord, type Plan, type RunRecord } from "./records.js";

const plan: Plan = {
  dataset: "d",
  cache: { splits: { train: 4, val: 0 }, gridHeight: 1, gridWidth: 1, channels: 1, numClasses: 2 },
  cases: [
    { name: "whole", request: { batchSize: 2 } },
    { name: "resumed", request: { batchSize: 2 }, resumeAfter: 1, sameAs: "whole" },
  ],
};

const batches = (sha = "aa"): BatchRecord[] =>
  [0, 1].map((i) => ({
    epoch: 0,
    batchIndex: i,
    cursor: { epoch: i === 1 ? 1 : 0, offset: String(i === 1 ? 0 : 2), fingerprint: "77" },
    dtype: "float16",
    shape: [2, 1, 1],
    samples: [0, 1].map((j) => ({ id: String(2 * i + j), label: j, tokens: i === 1 && j === 1 ? sha : "aa", cls: "cc" })),
  }));
const run = (language: string, whole = batches(), resumed = batches()): RunRecord => ({ language, cases: { whole, resumed } });

test("identical runs conform", () => {
  const r = compareRuns(plan, run("typescript"), [run("python"), run("go")], []);
  assert.deepEqual(r.failures, []);
  assert.equal(r.table.length, 6);
  assert.ok(r.table.every((row) => row.result === "match"));
});

test("one differing tensor hash is reported with its position", () => {
  const r = compareRuns(plan, run("typescript"), [run("python", batches("bb"), batches("bb")), run("go")], []);
  assert.equal(r.failures.length, 2);
  assert.match(r.failures[0] ?? "", /^python\/whole: line 5: want .*tokens=aa.* \| got .*tokens=bb/);
});

test("a resumed case must reproduce the whole stream in every language", () => {
  const r = compareRuns(plan, run("typescript", batches(), batches().slice(1)), [], []);
  assert.match(r.failures.join("\n"), /typescript\/resumed: does not reproduce whole/);
});

test("empty or missing cases fail", () => {
  const empty = compareRuns(plan, run("typescript", [], []), [], []);
  assert.match(empty.failures.join("\n"), /no samples received/);
  const missing = compareRuns(plan, run("typescript"), [{ language: "go", cases: {} }], []);
  assert.match(missing.failures.join("\n"), /go\/whole: case missing/);
});

test("known differences excuse exactly their pair and must not go stale", () => {
  const differing = compareRuns(plan, run("typescript"), [run("python", batches("bb"), batches("bb"))], [
    { language: "python", case: "whole", reason: "r" },
    { language: "python", case: "resumed", reason: "r" },
  ]);
  assert.deepEqual(differing.failures, []);
  assert.ok(differing.table.some((row) => row.result === "differs (known)"));
  const stale = compareRuns(plan, run("typescript"), [run("python")], [{ language: "python", case: "whole", reason: "r" }]);
  assert.match(stale.failures.join("\n"), /listed as a known difference but matches/);
});
