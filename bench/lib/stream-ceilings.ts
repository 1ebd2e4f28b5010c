// The two ceilings the stream benchmark compares against: a raw loopback TCP socket moving the
// same bytes (from a child process, like the server), and in-process LMDB read + augmentation on
// a worker pool of the server's size.
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { createAugmenter, resolvePolicy } from "../../src/augment/index.js";
import { openCacheReader } from "../../src/cache/index.js";

const SENDER = `
const net = require("node:net");
const [chunk, total] = process.argv.slice(1).map(Number);
const buf = Buffer.alloc(chunk, 7);
const srv = net.createServer((s) => {
  let sent = 0;
  const pump = () => { while (sent < total) { sent += chunk; if (!s.write(buf)) return void s.once("drain", pump); } s.end(); srv.close(); };
  pump();
});
srv.listen(0, "127.0.0.1", () => console.log(srv.address().port));
`;

/** MB/s of a raw loopback socket sending `total` bytes in writes of `chunk` bytes from a child process. */
export async function rawSocketMbPerS(chunk: number, total: number): Promise<number> {
  const child = spawn(process.execPath, ["-e", SENDER, String(chunk), String(total)], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim()))));
  const t0 = performance.now();
  let received = 0;
  await new Promise<void>((resolve, reject) => {
    const s = connect(port, "127.0.0.1");
    s.on("data", (d: Buffer) => (received += d.length));
    s.on("end", resolve);
    s.on("error", reject);
  });
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => child.once("exit", r));
  return received / 1e6 / seconds;
}

/** Samples/s of reading `batches` batches from the cache and augmenting them with `preset` on `workers` threads. */
export async function poolSamplesPerS(cacheDir: string, batchSize: number, batches: number, workers: number, preset: string): Promise<number> {
  const reader = openCacheReader(cacheDir);
  const aug = await createAugmenter({ device: "cpu", workers });
  try {
    const m = reader.manifest;
    const shape = { height: m.gridHeight, width: m.gridWidth, channels: m.channels };
    const per = shape.height * shape.width * shape.channels;
    const policy = resolvePolicy(preset, shape);
    const ids = reader.split("train").ids;
    const sab = (n: number): Uint16Array => new Uint16Array(new SharedArrayBuffer(n * 2));
    // As many jobs in flight as workers, like concurrent streams keep the pool busy.
    const lanes = Math.max(1, workers);
    const bufs = Array.from({ length: lanes }, () => ({ tokens: sab(batchSize * per), cls: sab(batchSize * shape.channels), out: sab(batchSize * per), outCls: sab(batchSize * shape.channels) }));
    const mean = Float32Array.from(m.channelMean);
    const std = Float32Array.from(m.channelStd);
    // Warm-up (threads started, kernels compiled) before the clock starts, like a running server.
    {
      const b = bufs[0]!;
      const warm = Array.from({ length: batchSize }, (_, i) => ids[i % ids.length] as number);
      await aug.run({ policy, seed: 1, epoch: 0, ids: warm, shape, tokens: b.tokens, cls: b.cls, channelMean: mean, channelStd: std, outTokens: b.out, outCls: b.outCls });
    }
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      bufs.map(async (b, lane) => {
        for (let k = next++; k < batches; k = next++) {
          const batchIds = Array.from({ length: batchSize }, (_, i) => ids[(k * batchSize + i) % ids.length] as number);
          batchIds.forEach((id, i) => reader.readInto(id, b.tokens, i * per, b.cls, i * shape.channels));
          await aug.run({ policy, seed: 1, epoch: 0, ids: batchIds, shape, tokens: b.tokens, cls: b.cls, channelMean: mean, channelStd: std, outTokens: b.out, outCls: b.outCls, streamKey: `lane${lane}` });
        }
      }),
    );
    return (batches * batchSize) / ((performance.now() - t0) / 1000);
  } finally {
    await aug.close();
    await reader.close();
  }
}
