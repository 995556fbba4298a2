/** The shape of one CLI command. Commands are registered in commands/index.ts, one line each. */

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full --help text. */
  readonly help: string;
  /** Returns the exit status: 0 success, 1 findings (e.g. errors in the data), 2 could not run. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A usage error: printed with the command's help hint, exit status 2. */
export class UsageError extends Error {
  readonly code = 'CLI_USAGE';
}
