// Worker entry: Node 20 cannot start a .ts worker under tsx, so this plain module loads the
// compiled worker when it exists and otherwise registers tsx and imports the TypeScript source.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const compiled = new URL("./model-worker.js", import.meta.url);
if (existsSync(fileURLToPath(compiled))) {
  await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("./model-worker.ts", import.meta.url).href);
}
