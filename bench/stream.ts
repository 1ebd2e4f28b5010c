// Stream throughput: 1, 4 and 16 concurrent streams from a `loff serve` child process, with
// augmentation off and on (loff-ta on the CPU pool), next to two ceilings measured in the same
// run: a raw loopback socket moving the same bytes, and in-process LMDB read + augmentation.
// Also per-stream fairness (slowest/fastest) and the server's peak RSS (from its /metrics).
// Usage: npm run bench:stream [-- --json] [-- --samples N --batch B --scale S --workers W]
// (--workers: augmentation workers of the server and of the in-process ceiling; default: the cores)
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { startServe } from "../src/cli/child-loff.js";
import { createSyntheticCache } from "../test/helpers/synthetic-cache.js";
import { parseBenchArgs } from "./lib/bench-args.js";
import { poolSamplesPerS, rawSocketMbPerS } from "./lib/stream-ceilings.js";
import { pythonSingleStream, runCase, serverRss } from "./lib/stream-cases.js";

const args = parseBenchArgs();
const SAMPLES = args.numbers.get("samples") ?? 256;
const BATCH = args.numbers.get("batch") ?? 32;
/** Multiplies the batches read per case (longer, steadier runs). */
const SCALE = args.numbers.get("scale") ?? 1;
const GRID = { gridHeight: 16, gridWidth: 16, channels: 384 };
const WORKERS = args.numbers.get("workers") ?? availableParallelism();

const dir = mkdtempSync(join(tmpdir(), "loff-bench-stream-"));
const log = (s: string): void => void process.stderr.write(`${s}\n`);
try {
  log(`building a ${SAMPLES}-sample ${GRID.gridHeight}x${GRID.gridWidth}x${GRID.channels} cache...`);
  await createSyntheticCache(dir, "bench", { splits: { train: SAMPLES }, ...GRID });
  const cache = join(dir, "bench");
  const batchBytes = BATCH * (GRID.gridHeight * GRID.gridWidth * GRID.channels + GRID.channels) * 2;

  const server = await startServe(["--cache-dir", cache, "--address", "127.0.0.1:0", "--metrics-port", "0", "--metrics-host", "127.0.0.1", "--device", "cpu", "--workers", String(WORKERS), "--log-level", "warn"], log);
  // If this process dies early (a closed stdout pipe), the server must not outlive it.
  const killChild = (): void => void server.process.kill("SIGKILL");
  process.once("exit", killChild);
  process.stdout.on("error", () => process.exit(1));
  const { address } = server;
  const metricsUrl = server.metricsUrl as string;
  try {
    log("ceilings...");
    // The loopback ceiling alone varies ~2x between runs on this kind of VM: take the median of 5.
    const raws: number[] = [];
    for (let i = 0; i < 5; i++) raws.push(await rawSocketMbPerS(batchBytes, batchBytes * 160 * SCALE));
    raws.sort((a, b) => a - b);
    const rawMb = raws[2] as number;
    log(`raw loopback socket runs: ${raws.map((r) => r.toFixed(0)).join(", ")} MB/s (median ${rawMb.toFixed(0)})`);
    const poolRate = await poolSamplesPerS(cache, BATCH, 64 * SCALE, WORKERS, "loff-ta");
    let peak = await serverRss(metricsUrl);
    const rows: Array<Record<string, number | boolean | string>> = [];
    for (const augment of [false, true]) {
      for (const streams of [1, 4, 16]) {
        // A measured window long enough that every stream gets many batches.
        const seconds = (streams === 16 ? 8 : 4) * SCALE;
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            peak = Math.max(peak, await serverRss(metricsUrl));
            await new Promise((r) => setTimeout(r, 100));
          }
        })();
        const r = await runCase(address, streams, seconds, { dataset: "bench", batchSize: BATCH, shuffle: true, ...(augment ? { augmentation: { preset: "loff-ta", ops: [] } } : {}) });
        sampling = false;
        await sampler;
        peak = Math.max(peak, await serverRss(metricsUrl));
        const row = { streams, augment, ...r, raw_socket_mb_per_s: rawMb, pool_samples_per_s: poolRate, peak_rss_mb: peak / 2 ** 20 };
        rows.push(row);
        if (args.json) process.stdout.write(`${JSON.stringify(row)}\n`);
        else log(`${streams} stream(s), augment ${augment ? "on " : "off"}: ${r.samples_per_s.toFixed(0)} samples/s, ${r.mb_per_s.toFixed(0)} MB/s, fairness ${r.fairness.toFixed(2)}, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
      }
    }
    // The same single un-augmented stream read by the Python client (grpcio's C core receives faster
    // than grpc-js), when Debian's python3-grpcio is installed: the server's own ceiling shows there.
    const py = await pythonSingleStream(address, BATCH, Math.max(8, Math.round((256 / SAMPLES) * 40 * SCALE)));
    if (py !== undefined) {
      const row = { streams: 1, augment: false, client: "python", samples_per_s: py.samples / py.seconds, mb_per_s: py.bytes / 1e6 / py.seconds, fairness: 1, raw_socket_mb_per_s: rawMb, pool_samples_per_s: poolRate, peak_rss_mb: peak / 2 ** 20 };
      if (args.json) process.stdout.write(`${JSON.stringify(row)}\n`);
      else log(`1 stream(s), augment off, python client: ${row.samples_per_s.toFixed(0)} samples/s, ${row.mb_per_s.toFixed(0)} MB/s`);
      rows.push(row);
    }
    if (!args.json) {
      const one = rows.find((r) => r.streams === 1 && r.augment === false);
      const onePy = rows.find((r) => r.client === "python");
      if (onePy !== undefined) console.log(`1 stream without augmentation, python client: ${(onePy.mb_per_s as number).toFixed(0)} MB/s (${(((onePy.mb_per_s as number) / rawMb) * 100).toFixed(0)}% of raw)`);
      const augBest = Math.max(...rows.filter((r) => r.augment === true).map((r) => r.samples_per_s as number));
      console.log(`batch ${BATCH} x ${GRID.gridHeight}x${GRID.gridWidth}x${GRID.channels} fp16 (${(batchBytes / 1e6).toFixed(1)} MB), ${WORKERS} augmentation workers`);
      console.log(`raw loopback socket: ${rawMb.toFixed(0)} MB/s; 1 stream without augmentation: ${(one?.mb_per_s as number).toFixed(0)} MB/s (${(((one?.mb_per_s as number) / rawMb) * 100).toFixed(0)}% of raw)`);
      console.log(`in-process read + augment: ${poolRate.toFixed(0)} samples/s; best served with augmentation: ${augBest.toFixed(0)} samples/s (${((augBest / poolRate) * 100).toFixed(0)}%)`);
      console.log(`server peak RSS: ${(peak / 2 ** 20).toFixed(0)} MiB`);
    }
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
