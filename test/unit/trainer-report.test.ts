import assert from "node:assert/strict";
import { test } from "node:test";
import { summarise } from "../../src/trainer/evaluate.js";
import { formatEvalReport } from "../../src/trainer/report.js";

test("evaluation summary: accuracy, mean per-class accuracy over present classes, and the text report", () => {
  const r = summarise([[5, 1, 0], [0, 3, 0], [0, 0, 0]], 4.5);
  assert.equal(r.samples, 9);
  assert.equal(r.accuracy, 8 / 9);
  assert.deepEqual(r.perClassAccuracy, [5 / 6, 1, null]);
  assert.equal(r.meanClassAccuracy, (5 / 6 + 1) / 2, "a class without samples does not count");
  assert.equal(r.loss, 0.5);
  const text = formatEvalReport(["cat", "dog", "a-much-longer-name"], r);
  const lines = text.split("\n");
  assert.equal(lines[0], "validation: 9 samples, accuracy 88.9%, mean per-class 91.7%, loss 0.5000");
  assert.match(text, /^cat +83\.3% +6$/m);
  assert.match(text, /^a-much-longer-name +- +0$/m);
  assert.match(text, /^0 cat +5 +1 +0$/m);
  assert.match(text, /^2 a-much-longer-name +0 +0 +0$/m);
  assert.ok(Number.isNaN(summarise([[0, 0], [0, 0]], 0).accuracy));
});
