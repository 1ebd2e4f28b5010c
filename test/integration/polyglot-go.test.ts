// The Go client's `go test` suite (clients/go) against real `loff serve` processes, built offline
// from Debian's packaged Go sources: a missing toolchain or package fails this test.
import assert from "node:assert/strict";
import { test } from "node:test";
import { tempDir } from "../helpers/temp-dir.js";
import { buildPlanCache } from "../conformance/live-server.js";
import { PLAN_PATH } from "../conformance/conformance.js";
import { GO_MODULE_DIR, goEnv, prepareGoVendor, runCommand } from "../conformance/polyglot-tools.js";
import { readPlan } from "../conformance/records.js";

test("the Go client builds offline, vets clean and passes go test against a live server", async (t) => {
  const [cacheDir] = await Promise.all([buildPlanCache(tempDir(t), readPlan(PLAN_PATH)), prepareGoVendor()]);
  const env = { ...goEnv(), LOFF_TEST_CACHE_DIR: cacheDir, LOFF_NODE: process.execPath };
  const vet = await runCommand("go", ["vet", "./..."], { cwd: GO_MODULE_DIR, env });
  assert.equal(vet.code, 0, `go vet failed:\n${vet.stdout}\n${vet.stderr}`);
  const r = await runCommand("go", ["test", "-count=1", "-timeout", "120s", "-v", "./..."], { cwd: GO_MODULE_DIR, env });
  assert.equal(r.code, 0, `go test failed:\n${r.stdout}\n${r.stderr}`);
  for (const name of ["TestUnaryCalls", "TestStreamResumesOnAnotherServerAfterShutdown", "TestFloat16ToFloat32", "TestBackoffAndOptions"]) {
    assert.match(r.stdout, new RegExp(`--- PASS: ${name} `), `${name} did not pass`);
  }
  assert.doesNotMatch(r.stdout, /--- SKIP/, "no Go test may be skipped");
});
