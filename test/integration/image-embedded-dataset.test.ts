import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import sharp from "sharp";
import { type PreprocessSpec, preprocessImage, sampleSize } from "../../src/extract/image/index.js";
import { listImageSources } from "../../src/extract/sources/index.js";

const DATA = fileURLToPath(new URL("../../data/", import.meta.url));

/** Rows of data/openclipart.tsv: class, file, source, size, sha256. */
function manifestRows(): string[][] {
  return readFileSync(`${DATA}openclipart.tsv`, "utf8")
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => line.split("\t"));
}

test("the embedded dataset matches its manifest file for file and byte for byte", async () => {
  const listing = await listImageSources(`${DATA}openclipart`, {});
  const rows = manifestRows();
  assert.equal(listing.labelNames.length, 10);
  assert.deepEqual(listing.labelNames, [...new Set(rows.map((r) => r[0] as string))].sort());
  assert.deepEqual(listing.nonImages, []);
  assert.deepEqual(listing.items.map((i) => i.relPath).sort(), rows.map((r) => `${r[0]}/${r[1]}`).sort());
  const byPath = new Map(rows.map((r) => [`${r[0]}/${r[1]}`, r[4]]));
  for (const item of listing.items) {
    assert.equal(
      createHash("sha256").update(readFileSync(item.path)).digest("hex"),
      byPath.get(item.relPath),
      item.relPath,
    );
  }
  listing.labelNames.forEach((name, label) => {
    const n = listing.items.filter((i) => i.label === label).length;
    const val = listing.items.filter((i) => i.label === label && i.split === "val").length;
    assert.ok(n >= 60, `${name} has ${n} images`);
    assert.equal(val, Math.round(n * 0.2), `${name} validation share`);
  });
});

test("one image per embedded class decodes to finite model input", async () => {
  const listing = await listImageSources(`${DATA}openclipart`, {});
  const spec: PreprocessSpec = {
    inputHeight: 224,
    inputWidth: 224,
    resize: "resize-crop",
    pixelMean: [0, 0, 0],
    pixelStd: [1, 1, 1],
    inputLayout: "nhwc",
  };
  const firsts = listing.labelNames.map((_, label) =>
    listing.items.find((i) => i.label === label && i.split === "val"),
  );
  const out = new Float32Array(firsts.length * sampleSize(spec)).fill(Number.NaN);
  await Promise.all(firsts.map((item, k) => preprocessImage(item?.path ?? "", spec, out, k)));
  assert.ok(
    out.every((v) => v >= 0 && v <= 1),
    "every value scaled into [0, 1]",
  );
  // The demo data keeps transparency, so the decoder's alpha flattening is exercised.
  const withAlpha = await Promise.all(
    firsts.map(async (i) => (await sharp(i?.path ?? "").metadata()).hasAlpha),
  );
  assert.ok(withAlpha.every(Boolean));
});
