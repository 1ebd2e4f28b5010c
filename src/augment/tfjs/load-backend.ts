// Finds and initialises a tfjs backend by dynamic import, so a machine without GPU packages
// never loads them. tfjs-node-gpu (CUDA) exists only in GPU images; WebGPU runs Dawn over Vulkan.
import { hasGpuDeviceNode } from "./gpu-device-node.js";
import type * as TfCore from "@tensorflow/tfjs-core";

/** The tfjs-core namespace. */
export type Tf = typeof TfCore;

/** A ready tfjs backend. */
export interface TfjsBackend {
  tf: Tf;
  /** tfjs backend name ("cpu", "webgpu", "tensorflow", ...). */
  name: string;
  /** Adapter or library description for logs. */
  description: string;
  /** True for real GPU hardware (not a software rasteriser). */
  hardware: boolean;
}

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}

const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|softpipe|software/i;

async function importOptional(name: string): Promise<unknown> {
  // A variable specifier keeps bundlers and the type checker from requiring the package.
  return import(name);
}

/** The navigator.gpu of the `webgpu` package (installed on globalThis for tfjs), or undefined. */
async function webgpuNavigator(): Promise<GpuLike | undefined> {
  const g = globalThis as { navigator?: { gpu?: GpuLike } };
  if (g.navigator?.gpu !== undefined) return g.navigator.gpu;
  let mod: { create(opts: string[]): GpuLike; globals: Record<string, unknown> };
  try {
    mod = (await importOptional("webgpu")) as typeof mod;
  } catch {
    return undefined;
  }
  Object.assign(globalThis, mod.globals);
  const gpu = mod.create([]);
  if (g.navigator === undefined) Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
  else Object.defineProperty(g.navigator, "gpu", { value: gpu, configurable: true });
  return gpu;
}

/** Describes the WebGPU adapter, or undefined when there is none. */
export async function probeWebGpu(): Promise<{ description: string; hardware: boolean } | undefined> {
  const gpu = await webgpuNavigator();
  const adapter = await gpu?.requestAdapter();
  if (adapter === null || adapter === undefined) return undefined;
  const i = adapter.info ?? {};
  const description = [i.vendor, i.architecture, i.device, i.description].filter((s) => s !== undefined && s !== "").join(" ");
  return { description, hardware: adapter.isFallbackAdapter !== true && !SOFTWARE_ADAPTER.test(description) };
}

/** Loads a named tfjs backend ("cpu", "webgpu", "tensorflow" = tfjs-node-gpu); throws with the reason if it cannot. */
export async function loadTfjsBackend(name: string): Promise<TfjsBackend> {
  let description = name;
  let hardware = false;
  if (name === "tensorflow") {
    await importOptional("@tensorflow/tfjs-node-gpu");
    description = "tfjs-node-gpu (CUDA)";
    hardware = true;
  } else if (name === "webgpu") {
    const probe = await probeWebGpu();
    if (probe === undefined) throw new Error("no WebGPU adapter (install the `webgpu` package and a Vulkan driver; see scripts/setup-webgpu.sh)");
    await importOptional("@tensorflow/tfjs-backend-webgpu");
    description = `webgpu: ${probe.description}`;
    hardware = probe.hardware;
  } else if (name === "cpu") {
    await import("@tensorflow/tfjs-backend-cpu");
  } else if (name === "wasm") {
    await import("@tensorflow/tfjs-backend-wasm");
  }
  const tf = await import("@tensorflow/tfjs-core");
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend "${name}" failed to initialise`);
  await tf.ready();
  return { tf, name, description, hardware };
}

/** The first hardware GPU backend available: tfjs-node-gpu, then WebGPU on a hardware adapter. */
export async function findGpuBackend(): Promise<{ backend?: TfjsBackend; reasons: string[] }> {
  const reasons: string[] = [];
  try {
    return { backend: await loadTfjsBackend("tensorflow"), reasons };
  } catch (e) {
    reasons.push(`tfjs-node-gpu: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
  try {
    if (!hasGpuDeviceNode()) throw new Error("no GPU device node (/dev/dri/renderD*, /dev/nvidia0)");
    const probe = await probeWebGpu();
    if (probe === undefined) reasons.push("webgpu: no adapter");
    else if (!probe.hardware) reasons.push(`webgpu: only a software adapter (${probe.description})`);
    else return { backend: await loadTfjsBackend("webgpu"), reasons };
  } catch (e) {
    reasons.push(`webgpu: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { reasons };
}
