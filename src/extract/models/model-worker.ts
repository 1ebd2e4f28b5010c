// A model session in a worker thread. onnxruntime-node's `run` blocks the thread that calls it, so
// extraction runs inference here and keeps the main thread free for decoding, fp16 encoding and
// LMDB writes. Messages: `{ pixels: SharedArrayBuffer, n }` in, `{ tokens, cls }` (transferred) or
// `{ error }` out.
import { parentPort, workerData } from "node:worker_threads";
import { loadFeatureModel, type LoadFeatureModelOptions } from "./feature-model.js";

const port = parentPort;
if (port === null) throw new Error("model-worker must run in a worker thread");
const model = await loadFeatureModel(workerData as LoadFeatureModelOptions);
const per = 3 * model.spec.inputHeight * model.spec.inputWidth;
// onnxruntime refuses tensors over SharedArrayBuffers: inputs are copied into this buffer.
let input = new Float32Array(0);
port.on("message", (msg: { pixels: SharedArrayBuffer; n: number } | "close") => {
  if (msg === "close") {
    void model.close().then(() => port.close());
    return;
  }
  const size = msg.n * per;
  if (input.length < size) input = new Float32Array(size);
  const x = input.subarray(0, size);
  x.set(new Float32Array(msg.pixels, 0, size));
  model.run(x, msg.n).then(
    (out) => port.postMessage({ tokens: out.tokens, cls: out.cls }, [out.tokens.buffer as ArrayBuffer, out.cls.buffer as ArrayBuffer]),
    (err: unknown) => port.postMessage({ error: err instanceof Error ? err.message : String(err) }),
  );
});
port.postMessage("ready");
