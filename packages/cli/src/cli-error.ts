import { EXIT_CODES, type ExitCode } from "./exit-codes";

/**
 * An error the CLI reports as a message (no stack) with an exit code: usage and input errors (2) or
 * failed checks (1). Anything else thrown inside a command is an internal error (3).
 *
 * @example
 * ```ts
 * throw new CliError("Entry file not found: src/connector.ts", { hint: "Pass the file that exports your connector." });
 * ```
 */
export class CliError extends Error {
  override readonly name = "CliError";
  /** The process exit code. */
  readonly exitCode: ExitCode;
  /** A second line telling the user what to do. */
  readonly hint: string | undefined;
  /** Print the command's usage after the message. */
  readonly showUsage: boolean;
  /** Machine-readable error kind for `--json` output, e.g. `entry-not-found`. */
  readonly kind: string;

  constructor(
    message: string,
    options: { exitCode?: ExitCode; hint?: string; showUsage?: boolean; kind?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? EXIT_CODES.usage;
    this.hint = options.hint;
    this.showUsage = options.showUsage ?? false;
    this.kind = options.kind ?? "usage";
  }
}
