// The list of `loff` subcommands. Each command lives in its own file and exports a factory.
import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { demoCommand } from "./demo.js";
import { extractCommand } from "./extract.js";
import { inspectCommand } from "./inspect.js";
import { predictCommand } from "./predict.js";
import { serveCommand } from "./serve.js";
import { streamCommand } from "./stream.js";
import { trainCommand } from "./train.js";

/** Attaches every subcommand to the root program. */
export function registerCommands(program: Command, io: CliIo): void {
  program.addCommand(demoCommand(io));
  program.addCommand(extractCommand(io));
  program.addCommand(inspectCommand(io));
  program.addCommand(predictCommand(io));
  program.addCommand(serveCommand(io));
  program.addCommand(streamCommand(io));
  program.addCommand(trainCommand(io));
}
