// The deployment files are checked by the tools that consume them: kustomize builds every overlay,
// promtool accepts the Prometheus config and rules.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { tempDir } from "../helpers/temp-dir.js";

const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

test("kustomize builds the base and the example overlay with GPU and TLS applied", () => {
  const base = run("kubectl", ["kustomize", "deploy/k8s/base"]);
  assert.match(base, /kind: Deployment[\s\S]*--device=auto/);
  assert.match(base, /clusterIP: None/);
  const example = run("kubectl", ["kustomize", "deploy/k8s/overlays/example"]);
  assert.match(example, /image: registry\.example\.com\/loff:gpu/);
  assert.match(example, /--device=gpu/);
  assert.match(example, /nvidia\.com\/gpu: 1/);
  assert.match(example, /--tls-client-ca=\/etc\/loff\/tls\/ca\.crt/);
  assert.match(example, /namespace: loff/);
});

test("promtool accepts the Prometheus config and alert rules", (t) => {
  const dir = tempDir(t);
  copyFileSync("deploy/prometheus/rules.yml", join(dir, "rules.yml"));
  const config = readFileSync("deploy/prometheus/prometheus.yml", "utf8").replace("/etc/prometheus/rules.yml", join(dir, "rules.yml"));
  writeFileSync(join(dir, "prometheus.yml"), config);
  assert.match(run("promtool", ["check", "config", join(dir, "prometheus.yml")]), /SUCCESS/);
  assert.match(run("promtool", ["check", "rules", join(dir, "rules.yml")]), /SUCCESS: 4 rules found/);
});
