// The committed Python and Go stubs must be exactly what scripts/gen-clients.sh makes from proto/
// (protoc and its plugins come from scripts/setup-polyglot.sh; missing tools fail the test).
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../conformance/live-server.js";
import { runCommand } from "../conformance/polyglot-tools.js";

test("the Python and Go client stubs are up to date with proto/", async () => {
  const r = await runCommand("bash", [join(REPO_ROOT, "scripts", "check-clients-gen.sh")]);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /client stubs up to date/);
});
