/**
 * `node:util` parseArgs with CLI-friendly errors.
 * @module
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { CliError } from "./cli-error";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parsed flags: strings, booleans or repeated strings. @internal */
export type ParsedFlags = Record<string, string | boolean | string[] | undefined>;

/**
 * Parses a command's arguments strictly; unknown flags and missing values become a usage error (exit 2) that
 * names the flag and points at `--help`.
 * @internal
 */
export function parseCommandArgs(
  command: string,
  args: readonly string[],
  options: Options,
): { flags: ParsedFlags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...options, help: { type: "boolean", short: "h" }, json: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
    return { flags: values as ParsedFlags, positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
    const close =
      unknown === undefined ? undefined : closest(unknown.replace(/^-+/, ""), Object.keys(options));
    throw new CliError(
      unknown === undefined
        ? `connectorkit ${command}: ${message.split("\n")[0]}`
        : `connectorkit ${command}: unknown option ${unknown}.${close === undefined ? "" : ` Did you mean --${close}?`}`,
      { showUsage: true, kind: "usage" },
    );
  }
}

/** The candidate within edit distance 2, if any. @internal */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d <= 2 && (best === undefined || d < best.d)) best = { name: c, d };
  }
  return best?.name;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** A string flag, or undefined. @internal */
export function stringFlag(flags: ParsedFlags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === "string" ? v : undefined;
}
