// The list of `loff` subcommands. Each command lives in its own file and exports a factory.
import type { Command } from "commander";

/** Attaches every subcommand to the root program. */
export function registerCommands(program: Command): void {
  void program;
}
