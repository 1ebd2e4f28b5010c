// Picks the tfjs backend heads train on. Auto order: tfjs-node-gpu (CUDA; only in GPU images, so
// loaded by a dynamic import that may fail), WebGPU on a hardware adapter (software adapters such
// as llvmpipe are slower than wasm), wasm (SIMD; ~10x the cpu backend on these heads here, see
// docs), then the pure-JS cpu backend. An explicit choice tries only that backend and fails loudly.
import { hasGpuDeviceNode } from "../augment/tfjs/gpu-device-node.js";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";

/** Backends a trainer can run on. */
export type BackendName = "node-gpu" | "webgpu" | "wasm" | "cpu";

/** A backend request: one backend, or "auto" for the fastest available. */
export type BackendChoice = "auto" | BackendName;

/** Every accepted choice, for flag validation. */
export const BACKEND_CHOICES: readonly BackendChoice[] = Object.freeze(["auto", "node-gpu", "webgpu", "wasm", "cpu"]);

/** What was tried and what runs. */
export interface BackendReport {
  /** The backend now active. */
  backend: BackendName;
  /** tfjs's own name of it (tf.getBackend()). */
  tfjsBackend: string;
  /** Each backend tried before it, with why it was passed over. */
  skipped: Array<{ backend: BackendName; reason: string }>;
}

interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: object): Promise<{ info?: GpuAdapterInfoLike; isFallbackAdapter?: boolean } | null>;
}
interface WebGpuModule {
  create(options: string[]): GpuLike;
  globals: object;
}

const TFJS_NAME: Readonly<Record<BackendName, string>> = Object.freeze({
  "node-gpu": "tensorflow",
  webgpu: "webgpu",
  wasm: "wasm",
  cpu: "cpu",
});

const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|software|softpipe/i;

/** Imports a module by a computed name, so the type checker does not require it to be installed. */
async function importOptional(name: string): Promise<unknown> {
  return import(name);
}

/** Dawn's only Linux backend is Vulkan; without a loader there is no adapter (and Dawn prints a warning). */
function vulkanLoaderPresent(): boolean {
  if (process.platform !== "linux") return true;
  const dirs = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu", "/usr/local/lib"];
  for (const d of (process.env.LD_LIBRARY_PATH ?? "").split(":")) if (d !== "") dirs.push(d);
  return dirs.some((d) => existsSync(join(d, "libvulkan.so.1")));
}

async function activate(name: BackendName): Promise<void> {
  if (!(await tf.setBackend(TFJS_NAME[name]))) throw new Error(`${name} backend failed to initialise`);
  await tf.ready();
}

async function tryNodeGpu(): Promise<void> {
  await importOptional("@tensorflow/tfjs-node-gpu");
  if (tf.findBackendFactory("tensorflow") === null) throw new Error("tfjs-node-gpu loaded but registered no backend");
  await activate("node-gpu");
}

async function tryWebGpu(requireHardware: boolean): Promise<void> {
  if (!vulkanLoaderPresent()) throw new Error("no Vulkan loader (libvulkan.so.1)");
  if (requireHardware && !hasGpuDeviceNode()) throw new Error("no GPU device node (/dev/dri/renderD*, /dev/nvidia0)");
  const mod = (await importOptional("webgpu")) as WebGpuModule;
  const gpu = mod.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (adapter === null) throw new Error("no WebGPU adapter");
  const info = adapter.info ?? {};
  const label = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(" ");
  if (requireHardware && (info.isFallbackAdapter === true || adapter.isFallbackAdapter === true || SOFTWARE_ADAPTER.test(label))) {
    throw new Error(`software adapter (${label || "fallback"})`);
  }
  // tfjs-backend-webgpu registers itself on import only if navigator.gpu exists; Node 20 has no navigator.
  Object.assign(globalThis, mod.globals);
  const g = globalThis as { navigator?: { gpu?: GpuLike } };
  if (g.navigator === undefined) Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
  else if (g.navigator.gpu === undefined) Object.defineProperty(g.navigator, "gpu", { value: gpu, configurable: true });
  await importOptional("@tensorflow/tfjs-backend-webgpu");
  if (tf.findBackendFactory("webgpu") === null) throw new Error("tfjs-backend-webgpu registered no backend");
  await activate("webgpu");
}

async function tryWasm(): Promise<void> {
  const wasm = (await importOptional("@tensorflow/tfjs-backend-wasm")) as { setWasmPaths(prefix: string): void };
  // In Node the .wasm binaries are read from the package folder, not fetched relative to a page.
  const pkg = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/package.json");
  wasm.setWasmPaths(join(dirname(pkg), "dist") + "/");
  await activate("wasm");
}

async function tryCpu(): Promise<void> {
  await importOptional("@tensorflow/tfjs-backend-cpu");
  await activate("cpu");
}

async function tryBackend(name: BackendName, auto: boolean): Promise<void> {
  switch (name) {
    case "node-gpu":
      return tryNodeGpu();
    case "webgpu":
      return tryWebGpu(auto);
    case "wasm":
      return tryWasm();
    case "cpu":
      return tryCpu();
  }
}

function reasonOf(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/Cannot find (module|package)/.test(msg)) return "not installed";
  return msg.split("\n")[0] ?? msg;
}

/** Activates the requested backend (or the best available for "auto") and reports which runs. */
export async function selectBackend(choice: BackendChoice = "auto"): Promise<BackendReport> {
  if (!BACKEND_CHOICES.includes(choice)) throw new RangeError(`backend must be one of ${BACKEND_CHOICES.join(", ")}, got ${choice}`);
  if (choice !== "auto") {
    try {
      await tryBackend(choice, false);
    } catch (e) {
      throw new Error(`backend ${choice} is unavailable: ${reasonOf(e)}`, { cause: e });
    }
    return { backend: choice, tfjsBackend: tf.getBackend(), skipped: [] };
  }
  const skipped: BackendReport["skipped"] = [];
  for (const name of ["node-gpu", "webgpu", "wasm", "cpu"] as const) {
    try {
      await tryBackend(name, true);
      return { backend: name, tfjsBackend: tf.getBackend(), skipped };
    } catch (e) {
      skipped.push({ backend: name, reason: reasonOf(e) });
    }
  }
  throw new Error(`no tfjs backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join("; ")}`);
}
