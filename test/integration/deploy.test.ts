// The deployment files are checked by the tools that consume them: kustomize builds every overlay,
// promtool accepts the Prometheus config and rules.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { tempDir } from "../helpers/temp-dir.js";

const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

// kubectl ships with the development and CI machine images but no Debian 12 package provides it, so
// `.ci/run` cannot install it: without it the kustomize check is skipped and says why.
const kubectlMissing = ((): string | false => {
  try {
    run("kubectl", ["version", "--client"]);
    return false;
  } catch {
    return "kubectl is not installed (no Debian 12 package provides it)";
  }
})();

test("kustomize builds the base and the example overlay with GPU and TLS applied", { skip: kubectlMissing }, () => {
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

test("the committed Grafana dashboard is what the generator produces, and every query uses known metrics", async () => {
  const { buildDashboard, DASHBOARD_PATH } = await import("../../scripts/gen-dashboard.js");
  const committed = readFileSync(DASHBOARD_PATH, "utf8");
  assert.equal(committed, `${JSON.stringify(buildDashboard(), null, 2)}\n`, "run `npm run gen:dashboard` and commit");
  const dashboard = JSON.parse(committed) as { uid: string; panels: Array<{ targets?: Array<{ expr: string }> }> };
  assert.equal(dashboard.uid, "loff-overview");
  const documented = readFileSync("docs/metrics.md", "utf8");
  for (const p of dashboard.panels) {
    for (const target of p.targets ?? []) {
      for (const name of target.expr.match(/\b(loff|grpc_server)_[a-z_]+/g) ?? []) {
        const base = name.replace(/_(bucket|sum|count)$/, "");
        assert.ok(documented.includes(base), `${base} (used by the dashboard) is documented in docs/metrics.md`);
      }
    }
  }
});
