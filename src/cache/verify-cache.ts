// Full integrity check of a cache: every record's header and checksum, its summary against the
// record, and index consistency.
import { CacheError } from "./cache-error.js";
import { decodeIndex } from "./index-table.js";
import { META, keyId, strKey } from "./keys.js";
import { openEnv } from "./lmdb-env.js";
import { readManifest } from "./manifest-io.js";
import { decodeHeader, decodeRecord, verifyRecord } from "./record.js";
import { summaryProblem } from "./record-summary.js";

/** Outcome of a verification. */
export interface VerifyReport {
  checked: number;
  corrupt: number;
  /** Ids of corrupt records with the reason (at most 100 listed). */
  problems: Array<{ id: number; reason: string }>;
  /** Index entries without a record, or records missing from the index. */
  indexMismatches: number;
}

/** Checks every record of the cache at `dir`. Works on incomplete caches too. */
export async function verifyCache(dir: string): Promise<VerifyReport> {
  const dbs = openEnv(dir, { readOnly: true });
  try {
    const m = readManifest(dbs.meta, dir);
    const report: VerifyReport = { checked: 0, corrupt: 0, problems: [], indexMismatches: 0 };
    const seen = new Set<number>();
    for (const { key, value } of dbs.records.getRange({})) {
      const id = keyId(key);
      seen.add(id);
      report.checked++;
      let reason: string | undefined;
      try {
        const h = decodeHeader(value);
        if (h.gridHeight !== m.gridHeight || h.gridWidth !== m.gridWidth || h.channels !== m.channels) reason = "shape differs from the manifest";
        else if (!verifyRecord(value)) reason = "checksum mismatch";
        else {
          // Summaries feed the train statistics when a cache is finished: a wrong one must not pass.
          const summary = dbs.summaries.getBinary(key);
          if (summary !== undefined) reason = summaryProblem(summary, decodeRecord(value));
        }
      } catch (err) {
        reason = err instanceof Error ? err.message : String(err);
      }
      if (reason !== undefined) {
        report.corrupt++;
        if (report.problems.length < 100) report.problems.push({ id, reason });
      }
    }
    const rawIndex = dbs.meta.getBinary(strKey(META.index));
    if (m.complete) {
      if (rawIndex === undefined) throw new CacheError("format", `${dir} is marked complete but has no index`);
      let indexed = 0;
      for (const s of decodeIndex(Buffer.from(rawIndex)).values()) {
        for (const id of s.ids) {
          indexed++;
          if (!seen.has(id)) report.indexMismatches++;
        }
      }
      report.indexMismatches += Math.max(0, seen.size - indexed);
    }
    return report;
  } finally {
    await dbs.root.close();
  }
}
