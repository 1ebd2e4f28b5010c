// Builds the conformance plan's synthetic cache under a folder and prints its directory: the
// Python and Go test suites use it when run on their own (`npm test` passes them one instead).
import { resolve } from "node:path";
import { buildPlanCache } from "./live-server.js";
import { PLAN_PATH } from "./conformance.js";
import { readPlan } from "./records.js";

const parent = process.argv[2];
if (parent === undefined) {
  console.error("usage: node --import tsx test/conformance/make-cache.ts <parent-dir>");
  process.exit(2);
}
console.log(await buildPlanCache(resolve(parent), readPlan(PLAN_PATH)));
