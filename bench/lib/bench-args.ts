// Shared command-line handling of the benchmarks: `--json` prints one JSON line per case.

/** Parsed benchmark flags. */
export interface BenchArgs {
  json: boolean;
  /** Numeric flags given as `--name value`. */
  numbers: Map<string, number>;
}

/** Reads `--json` and `--name <number>` flags from argv. */
export function parseBenchArgs(argv: string[] = process.argv.slice(2)): BenchArgs {
  const numbers = new Map<string, number>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--json") json = true;
    else if (a.startsWith("--") && i + 1 < argv.length && Number.isFinite(Number(argv[i + 1]))) numbers.set(a.slice(2), Number(argv[++i]));
    else throw new Error(`unknown benchmark flag ${a}`);
  }
  return { json, numbers };
}
