// Locating and running the Python and Go toolchains the cross-language tests drive. Debian's
// python3 (with python3-grpcio, -numpy, -torch) is preferred over another python3 earlier on PATH.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./live-server.js";

/** The Python interpreter: $LOFF_PYTHON, else Debian's /usr/bin/python3, else python3 on PATH. */
export function pythonExecutable(): string {
  return process.env["LOFF_PYTHON"] ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
}

/** The Go module of the Go client. */
export const GO_MODULE_DIR = join(REPO_ROOT, "clients", "go");

/** The Python client's package root. */
export const PYTHON_CLIENT_DIR = join(REPO_ROOT, "clients", "python");

/** Environment for `go`: vendored Debian sources only, never the module proxy. */
export function goEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GOFLAGS: "-mod=vendor", GOPROXY: "off", GOTOOLCHAIN: "local" };
}

/** Result of a finished command. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (asynchronously, so servers in this process keep serving). */
export function runCommand(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? REPO_ROOT, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", (err) => reject(new Error(`cannot run ${cmd}: ${err.message} (scripts/setup-polyglot.sh installs the toolchains)`)));
    child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Builds clients/go/vendor from Debian's Go sources (idempotent, about a second). */
export async function prepareGoVendor(): Promise<void> {
  const r = await runCommand("bash", [join(GO_MODULE_DIR, "vendor-debian.sh")], { env: goEnv() });
  if (r.code !== 0) throw new Error(`clients/go/vendor-debian.sh failed:\n${r.stderr}`);
}
