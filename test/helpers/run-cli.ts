// Runs the `loff` CLI: in-process (fast, captures stdout/stderr) or as a real child process.
import { startLoff } from "../../src/cli/child-loff.js";
import { main } from "../../src/cli/main.js";

/** Result of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export { LOFF_BIN } from "../../src/cli/child-loff.js";

/** Runs `loff <args>` in this process, capturing what it writes (process.stdout is left alone: the test runner reads it). */
export async function runCliInProcess(args: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** Runs `node bin/loff.mjs <args>` as a child process. */
export async function runCliChild(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stderr = "";
  const { code, stdout } = await startLoff(args, (line) => void (stderr += `${line}\n`), { ...process.env, ...env }).done;
  return { code, stdout, stderr };
}
