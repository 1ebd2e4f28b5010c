// The Python client's pytest suite (clients/python/tests) against real `loff serve` processes.
// Python with grpcio, numpy, torch and pytest is required (scripts/setup-polyglot.sh installs
// Debian's): a missing interpreter or package fails this test rather than skipping it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { tempDir } from "../helpers/temp-dir.js";
import { buildPlanCache } from "../conformance/live-server.js";
import { PLAN_PATH } from "../conformance/conformance.js";
import { PYTHON_CLIENT_DIR, pythonExecutable, runCommand } from "../conformance/polyglot-tools.js";
import { readPlan } from "../conformance/records.js";

test("the Python client passes its pytest suite against a live server", async (t) => {
  const cacheDir = await buildPlanCache(tempDir(t), readPlan(PLAN_PATH));
  const r = await runCommand(pythonExecutable(), ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], {
    cwd: PYTHON_CLIENT_DIR,
    env: { ...process.env, LOFF_TEST_CACHE_DIR: cacheDir, LOFF_NODE: process.execPath, PYTHONDONTWRITEBYTECODE: "1" },
  });
  assert.equal(r.code, 0, `pytest failed:\n${r.stdout}\n${r.stderr}`);
  const passed = /(\d+) passed/.exec(r.stdout);
  assert.ok(passed !== null && Number(passed[1]) >= 30, `expected the whole suite to run:\n${r.stdout}`);
  assert.doesNotMatch(r.stdout, /skipped|xfail/, "no Python test may be skipped");
});
