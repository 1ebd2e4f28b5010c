// Extraction with the real embedded backbone (MobileNetV2 converted to ONNX) on real images.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fromFloat16 } from "../../src/contract/float16.js";
import { openCacheReader, verifyCache } from "../../src/cache/index.js";
import { copyEmbeddedSubset } from "../helpers/embedded-images.js";
import { writeCorruptPng, writeTextFile } from "../helpers/images.js";
import { LOFF_BIN, runCliInProcess } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

async function extractJson(args: string[]): Promise<Record<string, unknown>> {
  const r = await runCliInProcess(["extract", ...args, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

test("extraction writes 14x14x576 fp16 features, skips bad files, is deterministic and resumable", async (t) => {
  const root = tempDir(t);
  const images = join(root, "images");
  const classes = copyEmbeddedSubset(images, 2, 4);
  await writeCorruptPng(join(images, classes[0] as string, "zz-broken.png"));
  writeTextFile(join(images, classes[1] as string, "zz-fake.jpg"));
  writeTextFile(join(images, classes[1] as string, "notes.txt"));

  const a = join(root, "a");
  const s = await extractJson(["--images", images, "--out", a, "--batch-size", "3"]);
  assert.equal(s.images, 10);
  assert.equal(s.extracted, 8);
  assert.deepEqual(s.grid, [14, 14]);
  assert.equal(s.channels, 576);
  const skipped = (s.skipped as Array<{ path: string }>).map((k) => k.path).sort();
  assert.deepEqual(skipped, [`${classes[0]}/zz-broken.png`, `${classes[1]}/notes.txt`, `${classes[1]}/zz-fake.jpg`].sort());

  const inspect = await runCliInProcess(["inspect", a, "--json", "--verify"]);
  assert.equal(inspect.code, 0, inspect.stderr);
  const r = JSON.parse(inspect.stdout) as Record<string, unknown>;
  assert.equal(r.dtype, "float16");
  assert.deepEqual(r.labelNames, classes);
  assert.equal(r.samples, 8);
  assert.deepEqual(r.verify, { checked: 8, corrupt: 0, indexMismatches: 0, problems: [] });

  // Same input into a fresh cache: identical records, byte for byte.
  const b = join(root, "b");
  await extractJson(["--images", images, "--out", b, "--batch-size", "3"]);
  // lmdb-js shares one environment per path within a process: readers are closed before `a` is written again.
  const ra = openCacheReader(a);
  const rb = openCacheReader(b);
  for (const split of ra.splitNames()) {
    const ids = Array.from(ra.split(split).ids);
    assert.deepEqual(Array.from(rb.split(split).ids), ids);
    for (const id of ids) {
      const x = ra.get(id);
      const y = rb.get(id);
      assert.deepEqual(Buffer.from(x.tokens.buffer, x.tokens.byteOffset, x.tokens.byteLength), Buffer.from(y.tokens.buffer, y.tokens.byteOffset, y.tokens.byteLength));
      assert.deepEqual(Array.from(x.cls), Array.from(y.cls));
    }
  }
  // CNN family: the CLS vector is the global average of the (unpooled) map.
  const rec = ra.get(0);
  for (const ch of [0, 100, 575]) {
    let sum = 0;
    for (let p = 0; p < 196; p++) sum += fromFloat16(rec.tokens[p * 576 + ch] as number);
    assert.ok(Math.abs(sum / 196 - fromFloat16(rec.cls[ch] as number)) < 2e-2 * Math.max(1, Math.abs(sum / 196)), `channel ${ch}`);
  }

  // 2x2 pooling equals the hand-computed mean of the unpooled tokens.
  const p = join(root, "pooled");
  const sp = await extractJson(["--images", images, "--out", p, "--pool", "2"]);
  assert.deepEqual(sp.grid, [7, 7]);
  const rp = openCacheReader(p);
  for (const id of [0, 5]) {
    const full = ra.get(id).tokens;
    const pooled = rp.get(id).tokens;
    for (const [y, x, ch] of [[0, 0, 0], [3, 5, 17], [6, 6, 575]] as const) {
      let sum = 0;
      for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) sum += fromFloat16(full[((2 * y + dy) * 14 + 2 * x + dx) * 576 + ch] as number);
      const want = sum / 4;
      const got = fromFloat16(pooled[(y * 7 + x) * 576 + ch] as number);
      assert.ok(Math.abs(got - want) <= 2e-3 * Math.max(1, Math.abs(want)), `id ${id} (${y},${x},${ch}): ${got} vs ${want}`);
    }
  }
  await ra.close();
  await rb.close();
  await rp.close();

  // Re-running on a finished cache reuses everything.
  const again = await extractJson(["--images", images, "--out", a]);
  assert.equal(again.extracted, 0);
  assert.equal(again.reused, 8);
});

test("an extraction killed with SIGKILL resumes into a complete cache without duplicates", async (t) => {
  const root = tempDir(t);
  const images = join(root, "images");
  copyEmbeddedSubset(images, 2, 8);
  const out = join(root, "cache");
  const child = spawn(process.execPath, [LOFF_BIN, "extract", "--images", images, "--out", out, "--batch-size", "2"], {
    env: { ...process.env, LOFF_PROGRESS_INTERVAL_MS: "0" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const killedAt = await new Promise<number>((resolve, reject) => {
    let err = "";
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /extract: (\d+)\/16/.exec(err.split("\n").filter((l) => /extract: [1-9]/.test(l)).at(-1) ?? "");
      if (m !== null && Number(m[1]) >= 4) {
        child.kill("SIGKILL");
        resolve(Number(m[1]));
      }
    });
    child.on("close", (code) => reject(new Error(`extraction ended (${code}) before it could be killed: ${err}`)));
  });
  await new Promise((r) => child.once("close", r));
  assert.ok(killedAt < 16, "killed mid-way");
  const partial = await verifyCache(out);
  assert.equal(partial.corrupt, 0, "a killed run leaves only whole records");

  const s = await extractJson(["--images", images, "--out", out, "--batch-size", "2"]);
  assert.equal((s.extracted as number) + (s.reused as number), 16);
  assert.ok((s.reused as number) >= killedAt - 2, `reused ${String(s.reused)} after kill at ${killedAt}`);
  const v = await verifyCache(out);
  assert.deepEqual([v.checked, v.corrupt, v.indexMismatches], [16, 0, 0]);
  const reader = openCacheReader(out);
  t.after(() => reader.close());
  const ids = [...reader.splitNames()].flatMap((sp) => Array.from(reader.split(sp).ids));
  assert.equal(new Set(ids).size, 16);
  assert.deepEqual(ids.sort((x, y) => x - y), Array.from({ length: 16 }, (_, i) => i));
});

test("bad extract and inspect input exits non-zero with a one-line reason", async (t) => {
  const root = tempDir(t);
  const images = join(root, "images");
  copyEmbeddedSubset(images, 2, 2);
  mkdirSync(join(root, "empty"));
  const cache = join(root, "cache");
  assert.equal((await runCliInProcess(["extract", "--images", images, "--out", cache])).code, 0);
  const cases: Array<[string[], RegExp]> = [
    [["extract", "--images", join(root, "missing"), "--out", join(root, "x")], /missing/],
    [["extract", "--images", join(root, "empty"), "--out", join(root, "x")], /empty|no (class|image)/i],
    [["extract", "--images", images, "--out", join(root, "x"), "--model", "no-such-preset"], /no-such-preset/],
    [["extract", "--images", images, "--out", join(root, "x"), "--output", "no_such_node"], /no_such_node.*available: .*block_1_expand/],
    [["extract", "--images", images, "--out", cache, "--output", "out_relu"], /--overwrite/],
    [["extract", "--images", images, "--out", join(root, "x"), "--pool", "0"], /positive integer/],
    [["inspect", join(root, "missing")], /no cache/],
  ];
  for (const [args, reason] of cases) {
    const r = await runCliInProcess(args);
    assert.notEqual(r.code, 0, `${args.join(" ")} should fail`);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line for ${args.join(" ")}: ${r.stderr}`);
    assert.match(lines[0] as string, reason, args.join(" "));
  }
});
