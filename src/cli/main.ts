// `loff` command line: registers every command and maps outcomes to exit codes
// (0 success, 2 bad usage, 1 failure) with a one-line reason on stderr.
import { Command, CommanderError } from "commander";
import { CliError, EXIT } from "./cli-error.js";
import { PROCESS_IO, type CliIo } from "./cli-io.js";
import { registerCommands } from "./commands/index.js";

/** Builds the root command with every subcommand attached. */
export function buildProgram(io: CliIo = PROCESS_IO): Command {
  const program = new Command("loff")
    .description("Learning from offline foundation features: extract once, serve many, train light.")
    .version("0.1.0")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(t), writeErr: (t) => io.err(t) });
  registerCommands(program, io);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: (t) => io.out(t), writeErr: (t) => io.err(t) });
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT.ok; // --help, --version
      return EXIT.usage; // commander already printed its one-line reason
    }
    if (err instanceof CliError) {
      io.err(`loff: ${err.message}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(`loff: ${message.split("\n")[0]}\n`);
    // LOFF_DEBUG=1 adds the stack of unexpected failures.
    if (process.env.LOFF_DEBUG && err instanceof Error) io.err(`${err.stack ?? ""}\n`);
    return EXIT.failure;
  }
}
