// One case of the stream benchmark: N concurrent clients reading from a `loff serve` child
// process in one time window, with the server's RSS sampled from its /metrics.
import { fileURLToPath } from "node:url";
import { createFeatureClient, type StreamRequest } from "../../src/client/index.js";
import { pythonExecutable, runCommand } from "../../test/conformance/polyglot-tools.js";
import { httpGet } from "../../test/helpers/server-promtool.js";

/** What one case measured. */
export interface CaseResult {
  samples_per_s: number;
  mb_per_s: number;
  /** Slowest stream's rate over the fastest's (1 = perfectly fair). */
  fairness: number;
}

/** Reads process_resident_memory_bytes from a metrics URL. */
export async function serverRss(url: string): Promise<number> {
  const m = /^process_resident_memory_bytes (\S+)$/m.exec(await httpGet(url));
  return m === null ? 0 : Number(m[1]);
}

/**
 * Runs `streams` concurrent streams. Every stream first receives `warmup` batches (connection set up,
 * server prefetch full, JIT warm); then all are measured over the same `seconds`-long window and
 * stopped. Fairness compares what each stream received in that window.
 */
export async function runCase(address: string, streams: number, seconds: number, req: StreamRequest, warmup = 2): Promise<CaseResult> {
  const clients = Array.from({ length: streams }, () => createFeatureClient({ address }));
  let warmed = 0;
  let windowStart = Infinity;
  let windowEnd = Infinity;
  let startWindow: () => void = () => {};
  const started = new Promise<void>((resolve) => (startWindow = resolve));
  try {
    const per = await Promise.all(
      clients.map(async (c, i) => {
        let samples = 0;
        let bytes = 0;
        let seen = 0;
        for await (const b of c.streamBatches({ ...req, seed: i, epochs: 0 })) {
          const now = performance.now();
          if (now >= windowEnd) break;
          if (now > windowStart) {
            samples += b.ids.length;
            bytes += b.messageBytes;
          } else if (++seen === warmup && ++warmed === streams) {
            windowStart = performance.now();
            windowEnd = windowStart + seconds * 1000;
            startWindow();
          }
        }
        return { samples, bytes };
      }),
    );
    await started;
    const elapsed = (windowEnd - windowStart) / 1000;
    const samples = per.reduce((a, p) => a + p.samples, 0);
    const bytes = per.reduce((a, p) => a + p.bytes, 0);
    const counts = per.map((p) => p.samples);
    return { samples_per_s: samples / elapsed, mb_per_s: bytes / 1e6 / elapsed, fairness: Math.min(...counts) / Math.max(...counts) };
  } finally {
    for (const c of clients) c.close();
  }
}

/** One un-augmented stream of `epochs` epochs read by the Python client; undefined when Python's grpc is missing. */
export async function pythonSingleStream(address: string, batch: number, epochs: number): Promise<{ seconds: number; samples: number; bytes: number } | undefined> {
  const receiver = fileURLToPath(new URL("../python_receive.py", import.meta.url));
  const r = await runCommand(pythonExecutable(), [receiver, address, "bench", String(batch), String(epochs)]);
  if (r.code !== 0) return undefined;
  return JSON.parse(r.stdout) as { seconds: number; samples: number; bytes: number };
}
