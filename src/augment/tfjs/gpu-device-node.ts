// A cheap check for GPU hardware before probing WebGPU: on Linux a hardware adapter needs a DRM render
// node, an NVIDIA device or WSL's /dev/dxg. Skipping the probe without one keeps Dawn from printing
// warnings about software adapters on every CPU-only start.
import { existsSync, readdirSync } from "node:fs";

/** True when this machine exposes a GPU device node (always true off Linux, where we cannot tell). */
export function hasGpuDeviceNode(): boolean {
  if (process.platform !== "linux") return true;
  if (existsSync("/dev/nvidia0") || existsSync("/dev/dxg")) return true;
  try {
    return readdirSync("/dev/dri").some((n) => n.startsWith("renderD"));
  } catch {
    return false;
  }
}
