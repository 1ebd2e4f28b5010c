// The human-readable final report: headline numbers, per-class accuracy and the confusion matrix.
import type { EvalResult } from "./evaluate.js";

function pct(x: number | null): string {
  return x === null || Number.isNaN(x) ? "   -  " : `${(100 * x).toFixed(1).padStart(5)}%`;
}

/** Renders an evaluation as text (rows of the matrix = true class, columns = predicted). */
export function formatEvalReport(labelNames: readonly string[], r: EvalResult): string {
  const rowNames = r.confusion.map((_, i) => `${i} ${labelNames[i] ?? ""}`.trimEnd());
  const width = Math.max(5, ...labelNames.map((n) => n.length), ...rowNames.map((n) => n.length));
  const lines: string[] = [];
  lines.push(`validation: ${r.samples} samples, accuracy ${pct(r.accuracy).trim()}, mean per-class ${pct(r.meanClassAccuracy).trim()}, loss ${r.loss.toFixed(4)}`);
  lines.push("");
  lines.push(`${"class".padEnd(width)}  accuracy  samples`);
  r.confusion.forEach((row, i) => {
    const n = row.reduce((a, b) => a + b, 0);
    lines.push(`${(labelNames[i] ?? String(i)).padEnd(width)}  ${pct(r.perClassAccuracy[i] ?? null).padStart(8)}  ${String(n).padStart(7)}`);
  });
  lines.push("");
  lines.push("confusion matrix (rows: true, columns: predicted)");
  const cell = Math.max(4, ...r.confusion.flat().map((c) => String(c).length + 1));
  lines.push(`${"".padEnd(width)} ${labelNames.map((_, j) => String(j).padStart(cell)).join("")}`);
  r.confusion.forEach((row, i) => {
    lines.push(`${(rowNames[i] ?? "").padEnd(width)} ${row.map((c) => String(c).padStart(cell)).join("")}`);
  });
  return lines.join("\n");
}
