// Runs `promtool check metrics` (Debian package "prometheus") on a metrics text; fails clearly
// when promtool is not installed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { get } from "node:http";

/** Asserts that promtool accepts `text` without errors or lint problems. */
export function assertPromtoolClean(text: string): void {
  const r = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  if (r.error !== undefined) assert.fail(`promtool not found (install Debian's "prometheus" package): ${r.error.message}`);
  assert.equal(r.status, 0, `promtool check metrics failed:\n${r.stdout}${r.stderr}`);
}

/** GETs a URL without keeping the connection alive. */
export function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve(body));
    }).on("error", reject);
  });
}

/** The value of the sample `name{labels}` (labels given as a substring like `dataset="x"`). */
export function sampleValue(text: string, name: string, ...labels: string[]): number {
  let total = 0;
  let found = false;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!labels.every((l) => line.includes(l))) continue;
    total += Number(line.slice(line.lastIndexOf(" ") + 1));
    found = true;
  }
  assert.ok(found, `no sample ${name}{${labels.join(",")}}`);
  return total;
}
