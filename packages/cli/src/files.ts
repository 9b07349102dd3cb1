/**
 * File helpers shared by the commands: case-insensitive lookup in a connector directory, bounded reads, JSON
 * parsing with line/column errors.
 * @module
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseConnectorFile } from "@connectorkit/sdk/validate";
import { CliError } from "./cli-error";

/** Largest input file the CLI reads (the platform's own limit is 1 MB; this leaves room for bad files to be reported). */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/**
 * Finds `name` in `dir` ignoring case (connector folders in the wild use `apiDefinition.swagger.json`,
 * `apidefinition.swagger.json`, ...).
 * @internal
 */
export async function findFileInsensitive(dir: string, name: string): Promise<string | undefined> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return undefined;
  }
  const exact = entries.find((e) => e === name);
  const match = exact ?? entries.sort().find((e) => e.toLowerCase() === name.toLowerCase());
  return match === undefined ? undefined : path.join(dir, match);
}

/** What a path argument is. @internal */
export async function pathKind(p: string): Promise<"file" | "dir" | "missing"> {
  try {
    const info = await stat(p);
    return info.isDirectory() ? "dir" : "file";
  } catch {
    return "missing";
  }
}

/**
 * Reads a text file, refusing missing and oversized files with a CliError (exit 2).
 * @internal
 */
export async function readTextFile(file: string, what: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new CliError(`${what} ${file} is not a file.`, { kind: "not-a-file" });
    size = info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${what} not found: ${file}`, { kind: "file-not-found" });
  }
  if (size > MAX_INPUT_BYTES) {
    throw new CliError(
      `${what} ${file} is ${size} bytes; connectorkit reads at most ${MAX_INPUT_BYTES} bytes (the platform accepts less than 1 MB).`,
      { kind: "file-too-large" },
    );
  }
  return readFile(file, "utf8");
}

/**
 * Reads and parses a JSON file (BOM, comments and trailing commas tolerated), or throws a CliError naming the
 * line and column of the first syntax error.
 * @internal
 */
export async function readJsonFile(file: string, what: string): Promise<unknown> {
  const text = await readTextFile(file, what);
  const parsed = parseConnectorFile(text);
  if (!parsed.ok) {
    const first = parsed.problems.find((p) => p.severity === "error");
    const where = first?.line === undefined ? "" : `:${first.line}:${first.column ?? 1}`;
    throw new CliError(`${what} ${file}${where} is not valid JSON: ${first?.message ?? "unreadable"}`, {
      kind: "invalid-json",
    });
  }
  return parsed.value;
}

/**
 * Resolves a connector argument: a directory (its `apiDefinition.swagger.json`, any case) or a swagger file.
 * @internal
 */
export async function resolveSwaggerPath(
  arg: string,
  cwd: string,
): Promise<{ swaggerFile: string; dir: string | undefined }> {
  const full = path.resolve(cwd, arg);
  const kind = await pathKind(full);
  if (kind === "missing") throw new CliError(`Not found: ${full}`, { kind: "file-not-found" });
  if (kind === "file") return { swaggerFile: full, dir: undefined };
  const swaggerFile = await findFileInsensitive(full, "apiDefinition.swagger.json");
  if (swaggerFile === undefined) {
    throw new CliError(`Directory ${full} has no apiDefinition.swagger.json.`, {
      hint: "Pass a connector directory (as written by `connectorkit build`) or the swagger file itself.",
      kind: "file-not-found",
    });
  }
  return { swaggerFile, dir: full };
}
