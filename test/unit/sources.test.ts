import assert from "node:assert/strict";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ExtractInputError } from "../../src/extract/extract-input-error.js";
import { listImageSources } from "../../src/extract/sources/index.js";
import { touchFiles } from "../helpers/images.js";
import { tempDir } from "../helpers/temp-dir.js";

/** Asserts the promise rejects with a one-line ExtractInputError (reported as bad usage) whose message matches. */
async function rejectsUsage(p: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ExtractInputError, `expected ExtractInputError, got ${String(err)}`);
    assert.match(err.message, message);
    assert.ok(!err.message.includes("\n"), "one line");
    return true;
  });
}

test("class layout: sorted labels, nested and case-insensitive images, non-images reported", async (t) => {
  const root = tempDir(t);
  touchFiles(root, [
    "dog/b.PNG",
    "dog/a.jpeg",
    "dog/deep/er/c.webp",
    "cat/x.JPG",
    "cat/y.svg",
    "cat/notes.txt",
    "README.md",
    "cat/.DS_Store",
    ".hidden/z.png",
  ]);
  const listing = await listImageSources(root, { valFraction: 0 });
  assert.equal(listing.root, root);
  assert.deepEqual(listing.labelNames, ["cat", "dog"]);
  assert.deepEqual(
    listing.items.map((i) => [i.id, i.relPath, i.label, i.split]),
    [
      [0, "cat/x.JPG", 0, "train"],
      [1, "cat/y.svg", 0, "train"],
      [2, "dog/a.jpeg", 1, "train"],
      [3, "dog/b.PNG", 1, "train"],
      [4, "dog/deep/er/c.webp", 1, "train"],
    ],
  );
  assert.equal(listing.items[4]?.path, join(root, "dog", "deep", "er", "c.webp"));
  assert.deepEqual(listing.nonImages, ["README.md", "cat/notes.txt"]);
});

test("seeded split: per-class counts, ordering (split, label, path), determinism, seed sensitivity", async (t) => {
  const root = tempDir(t);
  const names = (cls: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${cls}/img${String(i).padStart(2, "0")}.png`);
  touchFiles(root, [...names("a", 20), ...names("b", 2), ...names("c", 1), ...names("d", 7)]);
  const one = await listImageSources(root, { valFraction: 0.2, seed: 7 });
  const again = await listImageSources(root, { valFraction: 0.2, seed: 7 });
  assert.deepEqual(again, one);

  const count = (split: string, label: number) =>
    one.items.filter((i) => i.split === split && i.label === label).length;
  // round(20*0.2)=4; n=2 -> at least 1; n=1 -> 0 (one image stays in train); round(7*0.2)=1.
  assert.deepEqual(
    [0, 1, 2, 3].map((l) => count("val", l)),
    [4, 1, 0, 1],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((l) => count("train", l)),
    [16, 1, 1, 6],
  );

  const key = (i: (typeof one.items)[number]) => [i.split === "train" ? 0 : 1, i.label, i.relPath] as const;
  one.items.forEach((item, idx) => {
    assert.equal(item.id, idx);
    const prev = one.items[idx - 1];
    if (!prev) return;
    const [s0, l0, p0] = key(prev);
    const [s1, l1, p1] = key(item);
    assert.ok(s0 < s1 || (s0 === s1 && (l0 < l1 || (l0 === l1 && p0 < p1))), `order at ${idx}`);
  });

  const valSet = (l: typeof one) =>
    l.items.filter((i) => i.split === "val" && i.label === 0).map((i) => i.relPath);
  const seeds = await Promise.all(
    [1, 2, 3].map((seed) => listImageSources(root, { valFraction: 0.2, seed })),
  );
  const distinct = new Set([valSet(one), ...seeds.map(valSet)].map((v) => v.join(",")));
  assert.ok(distinct.size >= 3, "different seeds pick different validation images");
  // The default options are valFraction 0.2 and seed 0.
  assert.deepEqual(
    await listImageSources(root, {}),
    await listImageSources(root, { valFraction: 0.2, seed: 0 }),
  );
});

test("train/val layout: the given split is used, labels come from train, val may lack a class", async (t) => {
  const root = tempDir(t);
  touchFiles(root, [
    "train/b/1.png",
    "train/b/2.png",
    "train/a/1.png",
    "train/c/1.png",
    "val/b/9.png",
    "val/a/0.png",
    "val/a/x.txt",
    "LICENSE",
  ]);
  mkdirSync(join(root, "val", "c"));
  mkdirSync(join(root, "test", "a"), { recursive: true });
  const listing = await listImageSources(root, { valFraction: 0.5, seed: 3 });
  assert.deepEqual(listing.labelNames, ["a", "b", "c"]);
  assert.deepEqual(
    listing.items.map((i) => `${i.id}:${i.split}:${i.label}:${i.relPath}`),
    [
      "0:train:0:train/a/1.png",
      "1:train:1:train/b/1.png",
      "2:train:1:train/b/2.png",
      "3:train:2:train/c/1.png",
      "4:val:0:val/a/0.png",
      "5:val:1:val/b/9.png",
    ],
  );
  assert.deepEqual(listing.nonImages, ["LICENSE", "val/a/x.txt"]);
});

test("symbolic links to class folders are followed", async (t) => {
  const root = tempDir(t);
  const elsewhere = tempDir(t);
  touchFiles(elsewhere, ["ship/s1.png"]);
  touchFiles(root, ["car/c1.png"]);
  symlinkSync(join(elsewhere, "ship"), join(root, "ship"));
  const listing = await listImageSources(root, { valFraction: 0 });
  assert.deepEqual(listing.labelNames, ["car", "ship"]);
  assert.deepEqual(
    listing.items.map((i) => i.relPath),
    ["car/c1.png", "ship/s1.png"],
  );
});

test("bad input fails with a one-line usage error", async (t) => {
  const root = tempDir(t);
  await rejectsUsage(listImageSources(join(root, "missing"), {}), /image folder .*missing does not exist/);
  touchFiles(root, ["file.png"]);
  await rejectsUsage(listImageSources(join(root, "file.png"), {}), /file\.png is not a folder/);

  const empty = join(root, "empty");
  mkdirSync(empty);
  await rejectsUsage(listImageSources(empty, {}), /image folder .*empty is empty/);

  const flat = join(root, "flat");
  touchFiles(flat, ["a.png", "b.png"]);
  await rejectsUsage(listImageSources(flat, {}), /no class folders in .*flat: expected/);

  const noImages = join(root, "noimg");
  touchFiles(noImages, ["cat/readme.txt", "dog/data.csv"]);
  await rejectsUsage(listImageSources(noImages, {}), /no images \(png, jpg, jpeg, webp, svg\) under/);

  const emptyClass = join(root, "emptyclass");
  touchFiles(emptyClass, ["cat/a.png"]);
  mkdirSync(join(emptyClass, "dog"));
  await rejectsUsage(listImageSources(emptyClass, {}), /class folder .*dog has no images/);

  const onlyTrain = join(root, "onlytrain");
  touchFiles(onlyTrain, ["train/cat/a.png"]);
  await rejectsUsage(listImageSources(onlyTrain, {}), /"train" folder but no "val" folder/);

  const unknownVal = join(root, "unknownval");
  touchFiles(unknownVal, ["train/cat/a.png", "val/cat/b.png", "val/cow/c.png"]);
  await rejectsUsage(
    listImageSources(unknownVal, {}),
    /val class "cow" has no train folder \(train classes: cat\)/,
  );

  const ok = join(root, "ok");
  touchFiles(ok, ["cat/a.png"]);
  for (const valFraction of [1, -0.1, Number.NaN, 2]) {
    await rejectsUsage(listImageSources(ok, { valFraction }), /validation fraction must be in \[0, 1\)/);
  }
  for (const seed of [-1, 1.5, Number.POSITIVE_INFINITY]) {
    await rejectsUsage(listImageSources(ok, { seed }), /seed must be a non-negative integer/);
  }
});
