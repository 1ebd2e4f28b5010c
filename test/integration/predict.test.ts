// `loff predict` end to end: images -> extract -> serve -> train -> predict on the training images.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { writeSolidImage } from "../helpers/images.js";
import { runCliInProcess } from "../helpers/run-cli.js";
import { startServeProcess } from "../helpers/server-process.js";
import { tempDir } from "../helpers/temp-dir.js";

const CLASSES = { red: [220, 30, 30], green: [30, 200, 40], blue: [30, 50, 220] } as const;

test("predict returns the training label for the training images of a clearly separable set", async (t) => {
  const root = tempDir(t);
  const images = join(root, "images");
  for (const [name, [r, g, b]] of Object.entries(CLASSES)) {
    for (let i = 0; i < 5; i++) await writeSolidImage(join(images, name, `${i}.png`), "png", 40 + 8 * i, 48, { r: r - 5 * i, g: g + 5 * i, b: b - 4 * i });
  }
  const caches = join(root, "caches");
  const ex = await runCliInProcess(["extract", "--images", images, "--out", join(caches, "colours"), "--json"]);
  assert.equal(ex.code, 0, ex.stderr);
  const server = await startServeProcess(caches);
  t.after(() => void server.child.kill("SIGKILL"));
  const ckpt = join(root, "ckpt");
  const tr = await runCliInProcess(["train", "--server", server.address, "--dataset", "colours", "--epochs", "40", "--batch-size", "4", "--lr", "0.01", "--checkpoint", ckpt, "--backend", "wasm", "--json"]);
  assert.equal(tr.code, 0, tr.stderr);
  const summary = JSON.parse(tr.stdout) as { val_accuracy: number };
  assert.equal(summary.val_accuracy, 1, tr.stderr);

  const pr = await runCliInProcess(["predict", "--head", ckpt, "--images", images, "--top", "2", "--json"]);
  assert.equal(pr.code, 0, pr.stderr);
  const out = JSON.parse(pr.stdout) as { predictions: Array<{ path: string; top: Array<{ label: string; probability: number }> }>; errors: unknown[] };
  assert.equal(out.predictions.length, 15);
  assert.deepEqual(out.errors, []);
  for (const p of out.predictions) {
    const truth = p.path.split("/").at(-2);
    assert.equal(p.top[0]?.label, truth, p.path);
    assert.equal(p.top.length, 2);
    assert.ok((p.top[0]?.probability ?? 0) > (p.top[1]?.probability ?? 1));
  }
});

test("bad train and predict flags exit non-zero with a one-line reason", async (t) => {
  const root = tempDir(t);
  const cases: Array<[string[], number, RegExp]> = [
    [["train", "--server", "127.0.0.1:1", "--dataset", "d", "--head", "bogus"], 2, /bogus/],
    [["train", "--server", "127.0.0.1:1", "--dataset", "d", "--epochs", "0"], 2, /positive integer/],
    [["train", "--server", "127.0.0.1:1", "--dataset", "d", "--resume"], 2, /--resume needs --checkpoint/],
    [["train", "--server", "127.0.0.1:1", "--dataset", "d", "--lr", "fast"], 2, /expected a number/],
    [["train", "--dataset", "d"], 2, /--server/],
    [["train", "--server", "127.0.0.1:1", "--dataset", "d", "--augment", join(root, "missing-policy.json")], 2, /cannot read policy file/],
    [["predict", "--head", join(root, "nope"), "--images", root], 2, /not a checkpoint/],
    [["predict", "--head", root, "--images", join(root, "missing.png")], 2, /not a checkpoint|no such file/],
  ];
  for (const [args, code, reason] of cases) {
    const r = await runCliInProcess(args);
    assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line for ${args.join(" ")}: ${r.stderr}`);
    assert.match(lines[0] as string, reason, args.join(" "));
  }
});
