// What every conformance runner prints, and the comparison of two runs. A runner reads each case of
// plan.json from one server and reports per batch the cursor, per sample id, label and sha256 of
// the tensor bytes; numbers that may exceed 2^53 travel as decimal strings.
import { readFileSync } from "node:fs";

/** A StreamBatches request of the plan, in language-neutral JSON. */
export interface PlanRequest {
  split?: string;
  batchSize: number;
  seed?: number;
  epochs?: number;
  shuffle?: boolean;
  shard?: { rank: number; world: number };
  augmentation?: string;
  dtype?: "float16" | "float32";
  layout?: "tokens" | "grid";
  includeCls?: boolean;
  dropLast?: boolean;
}

/** One case: a request, optionally read in two parts (resumed from the cursor after `resumeAfter` batches). */
export interface PlanCase {
  name: string;
  request: PlanRequest;
  resumeAfter?: number;
  /** A case whose records this one must reproduce exactly (a resumed stream equals the whole stream). */
  sameAs?: string;
}

/** The conformance plan (plan.json). */
export interface Plan {
  dataset: string;
  cache: { splits: { train: number; val: number }; gridHeight: number; gridWidth: number; channels: number; numClasses: number };
  cases: PlanCase[];
}

/** One sample as received. */
export interface SampleRecord {
  id: string;
  label: number;
  tokens: string;
  cls: string | null;
}

/** One batch as received. */
export interface BatchRecord {
  epoch: number;
  batchIndex: number;
  cursor: { epoch: number; offset: string; fingerprint: string };
  dtype: string;
  shape: number[];
  samples: SampleRecord[];
}

/** A runner's output. */
export interface RunRecord {
  language: string;
  cases: Record<string, BatchRecord[]>;
}

/** An accepted difference (known-differences.json). */
export interface KnownDifference {
  language: string;
  case: string;
  reason: string;
}

/** Reads plan.json. */
export function readPlan(path: string): Plan {
  return JSON.parse(readFileSync(path, "utf8")) as Plan;
}

/** Reads known-differences.json. */
export function readKnownDifferences(path: string): KnownDifference[] {
  return (JSON.parse(readFileSync(path, "utf8")) as { differences: KnownDifference[] }).differences;
}

/** One line per batch and per sample, so a difference reads as "line i: want / got". */
export function flatten(batches: BatchRecord[]): string[] {
  const lines: string[] = [];
  for (const b of batches) {
    lines.push(`batch epoch=${b.epoch} index=${b.batchIndex} cursor=${b.cursor.epoch}/${b.cursor.offset}/${b.cursor.fingerprint} ${b.dtype}[${b.shape.join(",")}]`);
    for (const s of b.samples) lines.push(`  sample id=${s.id} label=${s.label} tokens=${s.tokens} cls=${s.cls ?? "-"}`);
  }
  return lines;
}

/** The first difference between two case records, or undefined when identical. */
export function firstDifference(want: BatchRecord[], got: BatchRecord[]): string | undefined {
  const a = flatten(want);
  const b = flatten(got);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i}: want ${a[i] ?? "(end)"} | got ${b[i] ?? "(end)"}`;
  }
  return undefined;
}

/** Outcome of a comparison. */
export interface Comparison {
  /** Human-readable failures; empty means conformant. */
  failures: string[];
  /** Per (language, case): "match", "differs (known)" or the failure. */
  table: { language: string; case: string; result: string }[];
}

/**
 * Compares every run against the reference run (the TypeScript client) case by case, checks each
 * run's `sameAs` cases, and reports differences not listed as known, and known ones that vanished.
 */
export function compareRuns(plan: Plan, reference: RunRecord, others: RunRecord[], known: KnownDifference[]): Comparison {
  const failures: string[] = [];
  const table: Comparison["table"] = [];
  for (const run of [reference, ...others]) {
    for (const c of plan.cases) {
      const got = run.cases[c.name];
      let diff: string | undefined;
      if (got === undefined) diff = "case missing";
      else if (got.length === 0 || got.every((b) => b.samples.length === 0)) diff = "no samples received";
      else if (c.sameAs !== undefined) {
        const whole = run.cases[c.sameAs];
        const d = whole === undefined ? "sameAs case missing" : firstDifference(whole, got);
        if (d !== undefined) diff = `does not reproduce ${c.sameAs}: ${d}`;
      }
      if (diff === undefined && run !== reference) diff = firstDifference(reference.cases[c.name] ?? [], got ?? []);
      const isKnown = known.some((k) => k.language === run.language && k.case === c.name);
      if (diff === undefined && isKnown) failures.push(`${run.language}/${c.name} is listed as a known difference but matches: remove it`);
      if (diff !== undefined && !isKnown) failures.push(`${run.language}/${c.name}: ${diff}`);
      table.push({ language: run.language, case: c.name, result: diff === undefined ? "match" : isKnown ? "differs (known)" : diff });
    }
  }
  return { failures, table };
}
