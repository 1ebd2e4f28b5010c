import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { toFloat16 } from "../../src/contract/float16.js";
import { CacheError, openCacheReader, openCacheWriter, sumTokens, verifyCache, type Manifest, type WriteItem } from "../../src/cache/index.js";
import { encodeSummary } from "../../src/cache/record-summary.js";
import { open } from "lmdb";
import { createSyntheticCache, syntheticValue } from "../helpers/synthetic-cache.js";
import { tempDir } from "../helpers/temp-dir.js";

test("a written cache reads back its manifest, index, statistics and records", async (t) => {
  const root = tempDir(t);
  const { dir, manifest } = await createSyntheticCache(root, "ds", { splits: { train: 10, val: 3 }, numClasses: 3 });
  assert.equal(manifest.complete, true);
  assert.deepEqual(manifest.splits.train, { samples: 10, classCounts: [4, 3, 3] });
  assert.deepEqual(manifest.splits.val, { samples: 3, classCounts: [1, 1, 1] });
  // Channel 0 statistics over the train split, computed by hand from the pattern.
  const vals: number[] = [];
  for (let id = 0; id < 10; id++) for (let p = 0; p < 16; p++) vals.push(syntheticValue(id, p, 0));
  const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
  const std = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length);
  assert.ok(Math.abs((manifest.channelMean[0] as number) - mean) < 1e-5);
  assert.ok(Math.abs((manifest.channelStd[0] as number) - std) < 1e-5);

  const reader = openCacheReader(dir);
  t.after(() => reader.close());
  assert.deepEqual(Array.from(reader.split("val").ids), [10, 11, 12]);
  assert.deepEqual(Array.from(reader.split("val").labels), [1, 2, 0]);
  const rec = reader.get(11);
  assert.equal(rec.tokens[5 * 8 + 3], toFloat16(syntheticValue(11, 5, 3)));
  assert.equal(rec.cls[2], toFloat16(syntheticValue(11, 16, 2)));
  const tokens = new Uint16Array(2 * 128);
  const cls = new Uint16Array(2 * 8);
  assert.equal(reader.readInto(4, tokens, 128, cls, 8), 1);
  assert.deepEqual(Array.from(tokens.subarray(128)), Array.from(reader.get(4).tokens));
  assert.deepEqual(Array.from(cls.subarray(8)), Array.from(reader.get(4).cls));
  assert.throws(() => reader.split("test"), (e: unknown) => e instanceof CacheError && e.kind === "not-found");
});

test("verify finds a flipped byte in the file and the reader refuses the record", async (t) => {
  const root = tempDir(t);
  const { dir } = await createSyntheticCache(root, "ds", { splits: { train: 6 }, channels: 16 });
  const clean = await verifyCache(dir);
  assert.deepEqual([clean.checked, clean.corrupt, clean.indexMismatches], [6, 0, 0]);
  // Locate record 3's token bytes in data.mdb and flip one bit in the middle of them.
  const reader = openCacheReader(dir);
  const t3 = reader.get(3).tokens;
  const needle = Buffer.from(t3.buffer, t3.byteOffset + 64, 64);
  await reader.close();
  const file = join(dir, "data.mdb");
  const bytes = readFileSync(file);
  const at = bytes.indexOf(needle);
  assert.ok(at > 0, "record bytes found in the file");
  assert.equal(bytes.indexOf(needle, at + 1), -1, "the needle is unique");
  bytes[at + 10] = (bytes[at + 10] as number) ^ 0x10;
  writeFileSync(file, bytes);
  const bad = await verifyCache(dir);
  assert.equal(bad.corrupt, 1);
  assert.equal(bad.problems[0]?.id, 3);
  const again = openCacheReader(dir);
  t.after(() => again.close());
  assert.throws(() => again.readInto(3, new Uint16Array(4 * 4 * 16), 0), (e: unknown) => e instanceof CacheError && e.kind === "corrupt");
});

test("verify finds a summary that disagrees with its record", async (t) => {
  const root = tempDir(t);
  const { dir } = await createSyntheticCache(root, "ds", { splits: { train: 4 }, channels: 8 });
  const reader = openCacheReader(dir);
  const r2 = reader.get(2);
  await reader.close();
  // Record 2's stored summary, found in the file by its bytes, gets one sum changed.
  const needle = encodeSummary(r2.label, r2.split, sumTokens(r2.tokens, 8));
  const file = join(dir, "data.mdb");
  const bytes = readFileSync(file);
  const at = bytes.indexOf(needle);
  assert.ok(at > 0, "summary bytes found in the file");
  bytes[at + 8 + 3] = (bytes[at + 8 + 3] as number) ^ 0x01;
  writeFileSync(file, bytes);
  const report = await verifyCache(dir);
  assert.equal(report.corrupt, 1);
  assert.deepEqual(report.problems[0], { id: 2, reason: "summary's channel sums differ from the record" });
});

test("a cache made differently is refused unless overwritten, and an unfinished one is not served", async (t) => {
  const root = tempDir(t);
  const { dir, manifest } = await createSyntheticCache(root, "ds", { splits: { train: 2 } });
  const draft = { ...manifest, model: { ...manifest.model, onnxSha256: "f".repeat(64) } };
  await assert.rejects(openCacheWriter(dir, draft, { overwrite: false }), /ONNX sha256.*--overwrite/);
  const w = await openCacheWriter(dir, draft, { overwrite: true });
  assert.equal(w.storedId("train/0.png"), undefined, "overwrite starts empty");
  await w.close();
  assert.throws(() => openCacheReader(dir), (e: unknown) => e instanceof CacheError && e.kind === "incomplete");
});

test("finishing a cache gives the same statistics from summaries, from bare records, and for any batching", async (t) => {
  const root = tempDir(t);
  const { manifest } = await createSyntheticCache(root, "ref", { splits: { train: 9, val: 2 }, channels: 8 });
  const draft = { model: manifest.model, gridHeight: 4, gridWidth: 4, channels: 8, dtype: "float16" as const, pool: 1, labelNames: manifest.labelNames };
  const items: WriteItem[] = [];
  const reader = openCacheReader(join(root, "ref"));
  for (const split of ["train", "val"] as const) {
    for (const id of reader.split(split).ids) {
      const r = reader.get(id);
      items.push({ id, relPath: `${split}/${id}.png`, record: { label: r.label, split, gridHeight: 4, gridWidth: 4, channels: 8, tokens: r.tokens, cls: r.cls } });
    }
  }
  await reader.close();
  const stats = (m: Manifest): unknown => [m.channelMean, m.channelStd, m.splits];

  // The same records in other batches and another order (as lanes finish): identical statistics.
  const shuffled = await openCacheWriter(join(root, "shuffled"), draft, { overwrite: false });
  for (const chunk of [items.slice(7), items.slice(0, 2), items.slice(2, 7)]) await shuffled.putBatch(chunk);
  assert.deepEqual(stats(await shuffled.finalize([])), stats(manifest));
  await shuffled.close();

  // Without summaries (a cache from before them): the records are read and summed instead.
  const bare = join(root, "bare");
  const w = await openCacheWriter(bare, draft, { overwrite: false });
  await w.putBatch(items);
  await w.close();
  const env = open({ path: bare, maxDbs: 4 });
  const summaries = env.openDB({ name: "summaries", keyEncoding: "binary", encoding: "binary" });
  await summaries.clearAsync();
  await env.close();
  const again = await openCacheWriter(bare, draft, { overwrite: false });
  assert.deepEqual(stats(await again.finalize([])), stats(manifest));
  await again.close();
});
