// One case of the stream benchmark: N concurrent clients reading from a `loff serve` child
// process in one time window, with the server's RSS sampled from its /metrics.
import { get } from "node:http";
import { createFeatureClient, type StreamRequest } from "../../src/client/index.js";

/** What one case measured. */
export interface CaseResult {
  samples_per_s: number;
  mb_per_s: number;
  /** Slowest stream's rate over the fastest's (1 = perfectly fair). */
  fairness: number;
}

/** Reads process_resident_memory_bytes from a metrics URL. */
export function serverRss(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => {
        const m = /^process_resident_memory_bytes (\S+)$/m.exec(body);
        resolve(m === null ? 0 : Number(m[1]));
      });
    }).on("error", reject);
  });
}

/**
 * Runs `streams` concurrent streams until they received `totalBatches` batches together, then stops
 * them all at once; fairness compares what each stream got in that same window.
 */
export async function runCase(address: string, streams: number, totalBatches: number, req: StreamRequest): Promise<CaseResult> {
  const clients = Array.from({ length: streams }, () => createFeatureClient({ address }));
  let received = 0;
  const t0 = performance.now();
  try {
    const per = await Promise.all(
      clients.map(async (c, i) => {
        let samples = 0;
        let bytes = 0;
        for await (const b of c.streamBatches({ ...req, seed: i, epochs: 0 })) {
          samples += b.ids.length;
          bytes += b.messageBytes;
          if (++received >= totalBatches) break;
        }
        return { samples, bytes };
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const samples = per.reduce((a, p) => a + p.samples, 0);
    const bytes = per.reduce((a, p) => a + p.bytes, 0);
    const counts = per.map((p) => p.samples);
    return { samples_per_s: samples / seconds, mb_per_s: bytes / 1e6 / seconds, fairness: Math.min(...counts) / Math.max(...counts) };
  } finally {
    for (const c of clients) c.close();
  }
}
