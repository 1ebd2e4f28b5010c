#!/usr/bin/env node
// Builds loff's embedded dataset (data/openclipart/<class>/<file>.png) from Debian's
// `openclipart-png` package: a fixed list of visually distinct top-level folders, a deterministic
// pseudo-random subset per class (files ordered by the SHA-256 of their path, so the pick does not
// favour whichever sub-folder sorts first), near-empty / sliver-shaped / duplicate images skipped,
// each downscaled to fit 160x160 and re-encoded as lossless RGBA PNG (alpha kept, so the alpha
// flattening of the decoder is exercised by the demo data).
//
//   node scripts/build-dataset.mjs            rebuild data/openclipart and data/openclipart.tsv
//   node scripts/build-dataset.mjs --check    rebuild into a temp folder and compare byte for byte
//   options: --source <dir> (default /usr/share/openclipart/png), --out <dir> (default data)
//
// Output bytes are identical across runs for the same source package and sharp/libvips version
// (both are recorded in data/openclipart.tsv's header).
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

/** Top-level openclipart folders used as classes (chosen to look different from one another). */
const CLASSES = [
  "animals",
  "buildings",
  "computer",
  "food",
  "geography",
  "people",
  "plants",
  "shapes",
  "tools",
  "transportation",
];
const PER_CLASS = 80;
const MAX_SIDE = 160;
// An image whose shorter side ends up under this is a sliver (a border, a rule): a centre crop of it
// shows mostly background.
const MIN_SHORT_SIDE = 48;
// Fraction of pixels that must differ from the white background after flattening.
const MIN_INK = 0.03;
const DEFAULT_SOURCE = "/usr/share/openclipart/png";
const PACKAGE = "openclipart-png";

function parseArgs(argv) {
  const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
  const opts = { source: DEFAULT_SOURCE, out: join(repo, "data"), check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--check") opts.check = true;
    else if (a === "--source" && argv[i + 1]) opts.source = argv[++i];
    else if (a === "--out" && argv[i + 1]) opts.out = argv[++i];
    else fail(`unknown argument ${a} (use --source <dir>, --out <dir>, --check)`);
  }
  return opts;
}

function fail(message) {
  console.error(`build-dataset: ${message}`);
  process.exit(1);
}

function packageVersion() {
  try {
    return execFileSync("dpkg-query", ["-W", "-f=${Version}", PACKAGE], { encoding: "utf8" }).trim();
  } catch {
    return "unknown (dpkg-query failed)";
  }
}

function listPngs(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.toLowerCase().endsWith(".png")) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

/** Downscales one source image; returns null when it is too thin or nearly empty. */
async function render(path) {
  const resized = await sharp(path, { limitInputPixels: false })
    .resize(MAX_SIDE, MAX_SIDE, { fit: "inside", withoutEnlargement: true, kernel: "lanczos3" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = resized.info;
  if (Math.min(width, height) < MIN_SHORT_SIDE) return null;
  const px = resized.data;
  let ink = 0;
  for (let i = 0; i < px.length; i += 4) {
    const a = px[i + 3] / 255;
    // Flatten onto white: a pixel counts as ink when any channel is visibly darker than white.
    const dark = Math.max(255 - px[i], 255 - px[i + 1], 255 - px[i + 2]) * a;
    if (dark > 24) ink++;
  }
  if (ink / (width * height) < MIN_INK) return null;
  const png = await sharp(px, { raw: { width, height, channels: 4 } })
    .png({ compressionLevel: 9, adaptiveFiltering: true, palette: false })
    .toBuffer();
  return { png, pixelHash: sha256(px), width, height };
}

function safeName(path, taken) {
  const stem =
    basename(path, ".png")
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, "_")
      .replace(/^_+|_+$/g, "") || "image";
  let name = `${stem}.png`;
  for (let k = 2; taken.has(name); k++) name = `${stem}_${k}.png`;
  taken.add(name);
  return name;
}

async function buildClass(source, cls) {
  const dir = join(source, cls);
  if (!existsSync(dir)) fail(`class folder ${dir} is missing: is ${PACKAGE} complete?`);
  const candidates = listPngs(dir)
    .map((p) => ({ path: p, rel: relative(source, p), key: sha256(relative(source, p)) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const picked = [];
  const seen = new Set();
  const taken = new Set();
  let skipped = 0;
  // Render a few at a time (sharp works on libuv threads), then accept strictly in key order.
  for (let i = 0; i < candidates.length && picked.length < PER_CLASS; i += 8) {
    const chunk = candidates.slice(i, i + 8);
    const rendered = await Promise.all(chunk.map((c) => render(c.path).catch(() => null)));
    for (let j = 0; j < chunk.length && picked.length < PER_CLASS; j++) {
      const r = rendered[j];
      if (!r || seen.has(r.pixelHash)) {
        skipped++;
        continue;
      }
      seen.add(r.pixelHash);
      picked.push({ ...r, rel: chunk[j].rel, name: safeName(chunk[j].path, taken) });
    }
  }
  return { cls, picked, skipped, available: candidates.length };
}

async function build(source, out) {
  const classRoot = join(out, "openclipart");
  rmSync(classRoot, { recursive: true, force: true });
  const rows = [];
  let bytes = 0;
  for (const cls of CLASSES) {
    const { picked, skipped, available } = await buildClass(source, cls);
    mkdirSync(join(classRoot, cls), { recursive: true });
    for (const p of [...picked].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      writeFileSync(join(classRoot, cls, p.name), p.png);
      bytes += p.png.length;
      rows.push([cls, p.name, p.rel, `${p.width}x${p.height}`, sha256(p.png)].join("\t"));
    }
    console.log(
      `${cls.padEnd(16)} ${String(picked.length).padStart(3)} images (${skipped} skipped, ${available} available)`,
    );
  }
  const header = [
    `# loff embedded dataset, built by scripts/build-dataset.mjs`,
    `# source: Debian package ${PACKAGE} ${packageVersion()} (${source})`,
    `# encoder: sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, libpng ${sharp.versions.png}`,
    `# class\tfile\tsource\tsize\tsha256`,
  ];
  writeFileSync(join(out, "openclipart.tsv"), [...header, ...rows, ""].join("\n"));
  console.log(`${rows.length} images, ${(bytes / 1e6).toFixed(2)} MB in ${classRoot}`);
}

function listTree(dir) {
  return existsSync(dir) ? listPngs(dir).map((p) => relative(dir, p)) : [];
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(opts.source)) {
    fail(
      `${opts.source} not found: install Debian's ${PACKAGE} package first ` +
        `(sudo apt-get install ${PACKAGE}) or pass --source <dir>`,
    );
  }
  if (!opts.check) return build(opts.source, opts.out);
  const tmp = mkdtempSync(join(tmpdir(), "loff-dataset-"));
  try {
    await build(opts.source, tmp);
    const want = listTree(join(tmp, "openclipart"));
    const have = listTree(join(opts.out, "openclipart"));
    const differ = want.filter(
      (f) =>
        !existsSync(join(opts.out, "openclipart", f)) ||
        !readFileSync(join(tmp, "openclipart", f)).equals(readFileSync(join(opts.out, "openclipart", f))),
    );
    const extra = have.filter((f) => !want.includes(f));
    const tsv = (dir) =>
      existsSync(join(dir, "openclipart.tsv")) ? readFileSync(join(dir, "openclipart.tsv"), "utf8") : "";
    if (tsv(tmp) !== tsv(opts.out)) differ.push("openclipart.tsv");
    if (differ.length + extra.length > 0) {
      fail(
        `${differ.length} files differ or are missing, ${extra.length} extra, e.g. ${[...differ, ...extra].slice(0, 3).join(", ")}`,
      );
    }
    console.log(`check ok: ${want.length} files identical`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
