// Writing a cache during extraction. Each batch is one LMDB write transaction (records, their
// summaries and source paths), so a run killed at any moment leaves only whole records; a re-run
// skips what is there. `finalize` builds the split index and the train statistics from the summaries
// (a record without one is read and summed) and marks the manifest complete, in one transaction.
import { rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { CacheError } from "./cache-error.js";
import { ChannelStats } from "./channel-stats.js";
import { encodeIndex, type IndexEntry } from "./index-table.js";
import { idKey, META, strKey, keyId } from "./keys.js";
import { openEnv, isCacheDir, type CacheDbs } from "./lmdb-env.js";
import { CACHE_FORMAT_VERSION, SPLITS, type Manifest, type SplitStats } from "./manifest.js";
import { decodeRecord, encodeRecord, type RecordInput } from "./record.js";
import { decodeSummary, encodeSummary, sumTokens, type RecordSummary, type TokenSums } from "./record-summary.js";
import { compatibilityProblem, readManifest } from "./manifest-io.js";

/** What the extraction knows before it starts: everything but the statistics. */
export type ManifestDraft = Omit<Manifest, "formatVersion" | "createdAt" | "splits" | "channelMean" | "channelStd" | "complete" | "skipped">;

/** One sample to write. */
export interface WriteItem {
  id: number;
  relPath: string;
  record: RecordInput;
  /** Per-channel sums of record.tokens when already computed (extraction workers do); else computed here. */
  sums?: TokenSums;
}

/** Appends records to a cache and finalises it. */
export interface CacheWriter {
  readonly path: string;
  /** The sample id already stored for an image path, if any. */
  storedId(relPath: string): number | undefined;
  /** True when a record with this id exists. */
  hasId(id: number): boolean;
  /** Writes a batch atomically. */
  putBatch(items: readonly WriteItem[]): Promise<void>;
  /** Computes index and statistics, records skipped inputs, marks the cache complete. */
  finalize(skipped: Manifest["skipped"]): Promise<Manifest>;
  close(): Promise<void>;
}

/**
 * Opens a cache for writing. An existing cache must have been made with the same model, preprocessing,
 * pooling and labels; otherwise it is refused (CacheError "mismatch") unless `overwrite` is set, in which
 * case it is deleted first.
 */
export async function openCacheWriter(dir: string, draft: ManifestDraft, opts: { overwrite: boolean }): Promise<CacheWriter> {
  // A run killed while LMDB was creating the file leaves it empty: nothing to keep.
  if (isCacheDir(dir) && statSync(join(dir, "data.mdb")).size === 0) for (const f of ["data.mdb", "lock.mdb"]) rmSync(join(dir, f), { force: true });
  if (isCacheDir(dir)) {
    let existing: CacheDbs | undefined;
    let problem: string | undefined;
    try {
      existing = openEnv(dir, { readOnly: false });
      const m = readManifest(existing.meta, dir);
      problem = compatibilityProblem(m, draft);
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
    if (problem !== undefined || existing === undefined) {
      await existing?.root.close();
      if (!opts.overwrite) {
        throw new CacheError("mismatch", `${dir} holds a different cache (${problem}); pass --overwrite to replace it`);
      }
      for (const f of ["data.mdb", "lock.mdb"]) rmSync(join(dir, f), { force: true });
    } else {
      return createWriter(dir, existing);
    }
  }
  const dbs = openEnv(dir, { readOnly: false });
  const manifest: Manifest = {
    ...draft,
    formatVersion: CACHE_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    splits: {},
    channelMean: [],
    channelStd: [],
    complete: false,
    skipped: [],
  };
  await dbs.meta.put(strKey(META.manifest), Buffer.from(JSON.stringify(manifest)));
  return createWriter(dir, dbs);
}

function createWriter(dir: string, dbs: CacheDbs): CacheWriter {
  return {
    path: dir,
    storedId(relPath) {
      const v = dbs.sources.getBinary(strKey(relPath));
      return v === undefined ? undefined : keyId(v);
    },
    hasId(id) {
      return dbs.records.doesExist(idKey(id));
    },
    async putBatch(items) {
      const encoded = items.map((it) => ({
        key: idKey(it.id),
        path: strKey(it.relPath),
        value: encodeRecord(it.record),
        summary: encodeSummary(it.record.label, it.record.split, it.sums ?? sumTokens(it.record.tokens, it.record.channels)),
      }));
      await dbs.root.transaction(() => {
        for (const e of encoded) {
          dbs.records.put(e.key, e.value);
          dbs.summaries.put(e.key, e.summary);
          dbs.sources.put(e.path, e.key);
        }
        // A new record makes the cache incomplete until the next finalize.
        const m = readManifest(dbs.meta, dir);
        if (m.complete) dbs.meta.put(strKey(META.manifest), Buffer.from(JSON.stringify({ ...m, complete: false })));
      });
    },
    async finalize(skipped) {
      const m = readManifest(dbs.meta, dir);
      const entries: IndexEntry[] = [];
      const stats = new ChannelStats(m.channels);
      const splits: Manifest["splits"] = {};
      const tokensPerRecord = m.gridHeight * m.gridWidth;
      for (const key of dbs.records.getKeys({})) {
        const r = summaryOf(dbs, key, m.channels);
        entries.push({ id: keyId(key), label: r.label, split: r.split });
        let s: SplitStats | undefined = splits[r.split];
        if (s === undefined) splits[r.split] = s = { samples: 0, classCounts: m.labelNames.map(() => 0) };
        s.samples++;
        s.classCounts[r.label] = (s.classCounts[r.label] ?? 0) + 1;
        if (r.split === "train") stats.addSums(r.sum, r.sumSq, tokensPerRecord);
      }
      const { mean, std } = stats.result();
      const ordered: Manifest["splits"] = {};
      for (const name of SPLITS) if (splits[name] !== undefined) ordered[name] = splits[name];
      const done: Manifest = { ...m, splits: ordered, channelMean: mean, channelStd: std, complete: true, skipped: [...skipped] };
      await dbs.root.transaction(() => {
        dbs.meta.put(strKey(META.index), encodeIndex(entries));
        dbs.meta.put(strKey(META.manifest), Buffer.from(JSON.stringify(done)));
      });
      return done;
    },
    async close() {
      await dbs.root.close();
    },
  };
}

/** The stored summary of a record, or one made from the record itself (caches written before summaries). */
function summaryOf(dbs: CacheDbs, key: Buffer, channels: number): RecordSummary {
  const stored = dbs.summaries.getBinary(key);
  const s = stored === undefined ? undefined : decodeSummary(stored, channels);
  if (s !== undefined) return s;
  const raw = dbs.records.getBinary(key);
  if (raw === undefined) throw new CacheError("corrupt", `record ${keyId(key)} vanished while finishing the cache`);
  const r = decodeRecord(Buffer.from(raw));
  return { label: r.label, split: r.split, ...sumTokens(r.tokens, channels) };
}
