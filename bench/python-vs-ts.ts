// Receive speed of the Python client against the TypeScript client: the same non-augmented stream
// (shuffled, fp16) from one `loff serve` child, read alternately by each client, best of R rounds.
// Usage: node --import tsx bench/python-vs-ts.ts [--json] [--samples N --batch B --epochs E --rounds R]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createFeatureClient } from "../src/client/index.js";
import { createSyntheticCache } from "../test/helpers/synthetic-cache.js";
import { startLiveServer } from "../test/conformance/live-server.js";
import { pythonExecutable, runCommand } from "../test/conformance/polyglot-tools.js";
import { parseBenchArgs } from "./lib/bench-args.js";

const args = parseBenchArgs();
const SAMPLES = args.numbers.get("samples") ?? 256;
const BATCH = args.numbers.get("batch") ?? 64;
const EPOCHS = args.numbers.get("epochs") ?? 8;
const ROUNDS = args.numbers.get("rounds") ?? 3;
const GRID = { gridHeight: 16, gridWidth: 16, channels: 384 };
const PYTHON_RECEIVER = fileURLToPath(new URL("./python_receive.py", import.meta.url));

interface Run {
  seconds: number;
  samples: number;
  bytes: number;
}

async function receiveTypeScript(address: string): Promise<Run> {
  const client = createFeatureClient({ address });
  try {
    await client.listDatasets(); // connect before the clock starts
    let samples = 0;
    let bytes = 0;
    const t0 = performance.now();
    for await (const b of client.streamBatches({ dataset: "bench", batchSize: BATCH, epochs: EPOCHS, shuffle: true, seed: 1 })) {
      samples += b.ids.length;
      bytes += b.tokens.byteLength + (b.cls?.byteLength ?? 0);
    }
    return { seconds: (performance.now() - t0) / 1000, samples, bytes };
  } finally {
    client.close();
  }
}

async function receivePython(address: string): Promise<Run> {
  const r = await runCommand(pythonExecutable(), [PYTHON_RECEIVER, address, "bench", String(BATCH), String(EPOCHS)]);
  if (r.code !== 0) throw new Error(`python receiver failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Run;
}

const dir = mkdtempSync(join(tmpdir(), "loff-bench-pyts-"));
try {
  process.stderr.write(`building a ${SAMPLES}-sample ${GRID.gridHeight}x${GRID.gridWidth}x${GRID.channels} cache...\n`);
  await createSyntheticCache(dir, "bench", { splits: { train: SAMPLES }, ...GRID });
  const server = await startLiveServer(join(dir, "bench"), ["--device", "none"]);
  try {
    const best: Record<string, Run> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, receive] of [["typescript", receiveTypeScript], ["python", receivePython]] as const) {
        const r = await receive(server.address);
        if (best[name] === undefined || r.seconds < (best[name] as Run).seconds) best[name] = r;
      }
    }
    const rows = Object.entries(best).map(([client, r]) => ({
      client,
      samplesPerS: Math.round(r.samples / r.seconds),
      mbPerS: Math.round(r.bytes / r.seconds / 1e6),
      samples: r.samples,
    }));
    const ratio = (rows[1]?.samplesPerS ?? 0) / (rows[0]?.samplesPerS ?? 1);
    if (args.json) for (const row of rows) console.log(JSON.stringify({ bench: "python-vs-ts", batch: BATCH, ...row }));
    else {
      for (const row of rows) console.log(`${row.client.padEnd(10)} ${String(row.samplesPerS).padStart(7)} samples/s ${String(row.mbPerS).padStart(6)} MB/s (${row.samples} samples, best of ${ROUNDS})`);
      console.log(`python / typescript = ${ratio.toFixed(2)}`);
    }
  } finally {
    await server.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
