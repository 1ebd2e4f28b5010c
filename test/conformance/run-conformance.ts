// `npm run test:conformance`: the cross-language comparison as a command, with a readable table.
import { runConformance } from "./conformance.js";

const report = await runConformance();
for (const row of report.table) console.log(`${row.language.padEnd(10)} ${row.case.padEnd(34)} ${row.result}`);
const samples = report.runs[0] === undefined ? 0 : Object.values(report.runs[0].cases).reduce((n, c) => n + c.reduce((m, b) => m + b.samples.length, 0), 0);
console.log(`${samples} samples per language compared; seconds: ${JSON.stringify(report.seconds)}`);
if (report.failures.length > 0) {
  console.error(`conformance FAILED:\n  ${report.failures.join("\n  ")}`);
  process.exitCode = 1;
} else {
  console.log("conformance: every language received identical ids, labels, cursors and tensor bytes");
}
