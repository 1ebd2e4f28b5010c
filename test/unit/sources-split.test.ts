import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { listImageSources, splitClass, validationCount } from "../../src/extract/sources/index.js";
import { touchFiles } from "../helpers/images.js";
import { tempDir } from "../helpers/temp-dir.js";

const fraction = fc.double({ min: 0, max: 0.99, noNaN: true });
const seed = fc.nat();

test("validationCount: round(n*f), at least 1 for n >= 2 and f > 0, never the whole class", () => {
  assert.equal(validationCount(10, 0.2), 2);
  assert.equal(validationCount(10, 0.25), 3);
  assert.equal(validationCount(2, 0.01), 1);
  assert.equal(validationCount(1, 0.9), 0);
  assert.equal(validationCount(0, 0.5), 0);
  assert.equal(validationCount(5, 0), 0);
  assert.equal(validationCount(3, 0.9), 2);
});

test("splitClass is a deterministic partition of the class with the stated validation size", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.string(), { maxLength: 60 }),
      fraction,
      seed,
      fc.string(),
      (files, f, s, cls) => {
        const sorted = [...files].sort();
        const a = splitClass(sorted, f, s, cls);
        assert.deepEqual(splitClass(sorted, f, s, cls), a, "deterministic");
        assert.equal(a.val.length, validationCount(sorted.length, f));
        assert.deepEqual([...a.train, ...a.val].sort(), sorted, "disjoint and covering");
      },
    ),
    { numRuns: 300 },
  );
});

test("listImageSources split is stratified, deterministic for a seed, disjoint and covering", async (t) => {
  const root = tempDir(t);
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 }),
      fraction,
      seed,
      async (sizes, f, s) => {
        const dir = `${root}/r${run++}`;
        const files = sizes.flatMap((n, c) => Array.from({ length: n }, (_, i) => `class${c}/f${i}.jpg`));
        touchFiles(dir, files);
        const listing = await listImageSources(dir, { valFraction: f, seed: s });
        assert.deepEqual(await listImageSources(dir, { valFraction: f, seed: s }), listing, "deterministic");
        assert.deepEqual(
          listing.items.map((i) => i.relPath).sort(),
          [...files].sort(),
          "every file exactly once",
        );
        assert.deepEqual(
          listing.items.map((i) => i.id),
          listing.items.map((_, i) => i),
        );
        sizes.forEach((n, c) => {
          const val = listing.items.filter((i) => i.label === c && i.split === "val").length;
          assert.equal(val, validationCount(n, f), `class ${c} of ${n}`);
        });
      },
    ),
    { numRuns: 25 },
  );
});
