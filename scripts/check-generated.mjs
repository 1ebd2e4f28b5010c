// Fails when the committed generated code (src/gen) differs from what `buf generate` makes from proto/.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const listFiles = (dir) => {
  const out = [];
  const walk = (p) => {
    if (statSync(p).isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
    else out.push(relative(dir, p));
  };
  walk(dir);
  return out.sort();
};

const tmp = mkdtempSync(join(tmpdir(), "loff-gen-"));
try {
  const template = readFileSync("buf.gen.yaml", "utf8")
    .replace("out: src/gen", `out: ${join(tmp, "ts")}`)
    .replace("./node_modules/.bin/", `${join(process.cwd(), "node_modules/.bin")}/`);
  writeFileSync(join(tmp, "buf.gen.yaml"), template);
  cpSync("buf.yaml", join(tmp, "buf.yaml"));
  const r = spawnSync("npx", ["buf", "generate", "--template", join(tmp, "buf.gen.yaml")], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const want = listFiles(join(tmp, "ts"));
  const have = listFiles("src/gen");
  const drift = [];
  if (want.join("\n") !== have.join("\n")) drift.push(`file list differs: generated [${want}] committed [${have}]`);
  for (const f of want) {
    if (!have.includes(f)) continue;
    if (readFileSync(join(tmp, "ts", f), "utf8") !== readFileSync(join("src/gen", f), "utf8")) drift.push(`${f} differs`);
  }
  if (drift.length > 0) {
    console.error(`generated code is stale; run \`npm run gen\` and commit:\n  ${drift.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`generated code up to date (${want.length} files)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
