/**
 * Where a CLI run reads and writes: output sinks, working directory and environment variables. Injected so the
 * commands run in-process in tests.
 *
 * @example
 * ```ts
 * const ctx: CliContext = {
 *   stdout: (s) => process.stdout.write(s),
 *   stderr: (s) => process.stderr.write(s),
 *   cwd: process.cwd(),
 *   env: process.env,
 * };
 * ```
 */
export interface CliContext {
  /** Writes to standard output (text passed as is, including newlines). */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Directory relative paths are resolved against. @default process.cwd() */
  cwd?: string;
  /** Environment variables (`CONNECTORKIT_HOST`, `CONNECTORKIT_ENVIRONMENT`, ...). @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The context with defaults applied. @internal */
export interface ResolvedCliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** Applies the defaults of {@link CliContext}. @internal */
export function resolveContext(ctx: CliContext): ResolvedCliContext {
  return {
    stdout: (s) => ctx.stdout(s),
    stderr: (s) => ctx.stderr(s),
    cwd: ctx.cwd ?? process.cwd(),
    env: ctx.env ?? process.env,
  };
}
