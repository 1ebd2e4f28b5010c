// `loff demo` (what `npm start` runs), end to end in a child process: extraction of the embedded
// dataset, a server, two concurrent trainers, the comparison, and a clean shutdown.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCliChild } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

test("the demo extracts, serves, trains LOFF and LOFF-TA side by side and reports both", async (t) => {
  const home = tempDir(t);
  const r = await runCliChild(["demo", "--home", home, "--epochs", "1", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { runs: Array<{ name: string; augment: string; val_accuracy: number; samples_per_s: number; wall_s: number }> };
  assert.deepEqual(out.runs.map((x) => [x.name, x.augment]), [["LOFF", "none"], ["LOFF-TA", "loff-ta"]]);
  for (const run of out.runs) {
    assert.ok(run.val_accuracy > 0.1, `${run.name} learns something in one epoch: ${run.val_accuracy}`);
    assert.ok(run.samples_per_s > 0 && run.wall_s > 0);
  }
  assert.match(r.stderr, /Prometheus metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/);
  assert.match(r.stderr, /server and trainers stopped/);
  assert.ok(existsSync(join(home, "cache", "openclipart", "data.mdb")));
  assert.ok(existsSync(join(home, "runs", "loff-ta", "source.json")));

  // A second run reuses the cache instead of extracting again.
  const again = await runCliChild(["demo", "--home", home, "--epochs", "1"]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /reusing the feature cache/);
  assert.match(again.stdout, /LOFF-TA\s+loff-ta\s+\d+\.\d%/);
});
