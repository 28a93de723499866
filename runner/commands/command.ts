/**
 * The shape of a subcommand. Each lives in its own file under runner/commands/
 * and is listed once, with its one-line summary, in runner/commands/index.ts.
 */
export interface CommandIO {
  /** Data (tables, --json) goes here. */
  stdout: NodeJS.WritableStream;
  /** Progress, warnings and logs go here. */
  stderr: NodeJS.WritableStream;
}

export interface CommandContext extends CommandIO {
  /** Arguments after the subcommand name. */
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  /** The whole `pitwall <name> --help` text: usage, options, examples. */
  help: string;
  /**
   * Returns the exit code: 0 ok, 1 a suite failed or a regression was found.
   * Throws UsageError for usage and config errors (exit 2); anything else is a bug (exit 70).
   */
  run(ctx: CommandContext): Promise<number>;
}
