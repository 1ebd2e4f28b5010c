// `loff` command line: registers every command and maps outcomes to exit codes
// (0 success, 2 bad usage, 1 failure) with a one-line reason on stderr.
import { Command, CommanderError } from "commander";
import { CliError, EXIT } from "./cli-error.js";
import { registerCommands } from "./commands/index.js";

/** Builds the root command with every subcommand attached. */
export function buildProgram(): Command {
  const program = new Command("loff")
    .description("Learning from offline foundation features: extract once, serve many, train light.")
    .version("0.1.0")
    .showHelpAfterError(false)
    .exitOverride();
  registerCommands(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT.ok; // --help, --version
      return EXIT.usage; // commander already printed its one-line reason
    }
    if (err instanceof CliError) {
      process.stderr.write(`loff: ${err.message}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`loff: ${message.split("\n")[0]}\n`);
    return EXIT.failure;
  }
}
