/**
 * Exit codes of the `connectorkit` command, stable for CI scripts.
 * @module
 */

/**
 * The process exit codes every `connectorkit` command uses (`simulate` adds 3 = contract violation and
 * 4 = network error, see its `--help`).
 *
 * @example
 * ```ts
 * import { EXIT_CODES } from "@connectorkit/cli";
 * if (code === EXIT_CODES.problems) console.error("the connector needs fixing");
 * ```
 */
export const EXIT_CODES = {
  /** Success. */
  ok: 0,
  /** Problems found: validation errors, breaking changes, `build --check` drift. */
  problems: 1,
  /** Usage or input error: unknown command or flag, missing file, invalid JSON input, emitter error. */
  usage: 2,
  /** Internal error: a bug in connectorkit (please report it with the stack, `CONNECTORKIT_DEBUG=1`). */
  internal: 3,
} as const;

/**
 * One of the {@link EXIT_CODES} values.
 *
 * @example
 * ```ts
 * const code: ExitCode = EXIT_CODES.ok;
 * ```
 */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
