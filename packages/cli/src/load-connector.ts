/**
 * Loads the user's connector module (TypeScript directly, no compile step) and finds the connector export.
 * @module
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Connector } from "@connectorkit/sdk";
import { CliError } from "./cli-error";

const TS_EXTENSIONS = new Set([".ts", ".mts", ".cts", ".tsx"]);
const JS_EXTENSIONS = new Set([".js", ".mjs", ".cjs"]);

let tsxRegistration: Promise<void> | undefined;

/**
 * Registers tsx's loader hooks in this process once, so a native `import()` of a `.ts` file works.
 *
 * Why `register()` and not `tsImport()`: `tsImport` loads the file in its own namespace (a `?tsx-namespace=`
 * query on every URL), so the connector and its `@connectorkit/sdk` import become a second copy of the SDK's
 * modules. Field metadata (`field(...)`: `x-ms-summary`, visibility, dynamic values) is kept per module copy,
 * so the CLI's emitter would silently drop it. With the hooks registered globally, the connector's import of the
 * SDK resolves to the very modules the CLI runs.
 */
function registerTsx(): Promise<void> {
  tsxRegistration ??= import("tsx/esm/api").then(({ register }) => {
    register();
  });
  return tsxRegistration;
}

/**
 * Imports a module file the way the CLI does: `.ts`/`.mts`/`.cts`/`.tsx` through tsx's loader hooks, `.js`/`.mjs`/
 * `.cjs` natively.
 *
 * @param file - Absolute path of the module.
 * @returns The module namespace.
 * @throws CliError (exit 2) when the file is missing, has another extension, or throws while importing.
 * @internal
 */
export async function importModuleFile(file: string): Promise<Record<string, unknown>> {
  const ext = path.extname(file).toLowerCase();
  if (!TS_EXTENSIONS.has(ext) && !JS_EXTENSIONS.has(ext)) {
    throw new CliError(
      `Entry file ${file} has extension "${ext || "(none)"}"; expected .ts, .mts, .cts, .js, .mjs or .cjs.`,
      {
        kind: "entry-extension",
      },
    );
  }
  let info: Awaited<ReturnType<typeof stat>> | undefined;
  try {
    info = await stat(file);
  } catch {
    info = undefined;
  }
  if (info === undefined || !info.isFile()) {
    throw new CliError(`Entry file not found: ${file}`, {
      hint: "Pass the module that exports your connector, e.g. `connectorkit build src/connector.ts --out connector`.",
      kind: "entry-not-found",
    });
  }
  if (TS_EXTENSIONS.has(ext)) await registerTsx();
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`Importing ${file} failed: ${describeError(error)}`, {
      hint: "The module threw while loading (before any connector was built). Fix the error above; set CONNECTORKIT_DEBUG=1 for the stack.",
      kind: "entry-import-failed",
      cause: error,
    });
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Whether a value looks like a connector made by `defineConnector` (title, operations array, byId map).
 *
 * @param value - Any export.
 * @returns `true` for a connector.
 * @internal
 */
export function isConnector(value: unknown): value is Connector {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v["title"] === "string" && Array.isArray(v["operations"]) && v["byId"] instanceof Map;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "function") return "a function";
  if (typeof value === "object") {
    const keys = Object.keys(value as object).slice(0, 5);
    return keys.length === 0 ? "an empty object" : `an object with keys ${keys.join(", ")}`;
  }
  return `a ${typeof value}`;
}

/**
 * Picks the connector among a module's exports: the export named by `exportName`; else `connector`; else the
 * default export; else the single export that looks like a connector. CommonJS modules (`module.exports = {...}`)
 * are searched inside `default` too.
 *
 * @param exports - The module namespace.
 * @param file - The file, for messages.
 * @param exportName - `--export`.
 * @returns The connector and the name of the export it came from.
 * @throws CliError (exit 2) saying what was found when there is no (unique) connector.
 * @internal
 */
export function pickConnector(
  exports: Record<string, unknown>,
  file: string,
  exportName?: string,
): { connector: Connector; exportName: string } {
  const scopes: Array<[prefix: string, ns: Record<string, unknown>]> = [["", exports]];
  const def = exports["default"];
  if (def !== null && typeof def === "object" && !isConnector(def) && !Array.isArray(def)) {
    scopes.push(["default.", def as Record<string, unknown>]);
  }
  const listing = () =>
    Object.keys(exports).length === 0
      ? "The module has no exports."
      : `Exports found: ${Object.keys(exports)
          .sort()
          .map((k) => `${k} (${describeValue(exports[k])})`)
          .join("; ")}.`;

  if (exportName !== undefined) {
    for (const [prefix, ns] of scopes) {
      if (!Object.hasOwn(ns, exportName)) continue;
      const value = ns[exportName];
      if (isConnector(value)) return { connector: value, exportName: `${prefix}${exportName}` };
      throw new CliError(
        `Export "${exportName}" of ${file} is ${describeValue(value)}, not a connector made by defineConnector().`,
        {
          hint: typeof value === "function" ? "Call it and export the result." : listing(),
          kind: "export-not-connector",
        },
      );
    }
    throw new CliError(`${file} has no export named "${exportName}". ${listing()}`, {
      kind: "export-missing",
    });
  }
  for (const [prefix, ns] of scopes) {
    for (const name of ["connector", "default"]) {
      if (!Object.hasOwn(ns, name)) continue;
      const value = ns[name];
      if (isConnector(value)) return { connector: value, exportName: `${prefix}${name}` };
    }
  }
  const found: Array<{ name: string; connector: Connector }> = [];
  for (const [prefix, ns] of scopes) {
    for (const [name, value] of Object.entries(ns)) {
      if (isConnector(value) && !found.some((f) => f.connector === value)) {
        found.push({ name: `${prefix}${name}`, connector: value });
      }
    }
  }
  const only = found[0];
  if (found.length === 1 && only !== undefined) return { connector: only.connector, exportName: only.name };
  if (found.length > 1) {
    throw new CliError(
      `${file} exports ${found.length} connectors (${found.map((f) => f.name).join(", ")}); choose one with --export <name>.`,
      { kind: "export-ambiguous" },
    );
  }
  throw new CliError(`No connector export found in ${file}. ${listing()}`, {
    hint: "Export the value returned by defineConnector() as `connector` (or default), or name the export with --export <name>.",
    kind: "export-missing",
  });
}

/**
 * Loads a connector from a module file: imports it (TypeScript directly) and picks the connector export.
 *
 * @param file - Absolute path of the entry module.
 * @param exportName - `--export`.
 * @returns The connector and the export it came from.
 * @throws CliError (exit 2) for a missing file, a module that throws on import, or no connector export.
 * @example
 * ```ts
 * const { connector, exportName } = await loadConnector("/repo/src/connector.ts");
 * ```
 */
export async function loadConnector(
  file: string,
  exportName?: string,
): Promise<{ connector: Connector; exportName: string }> {
  return pickConnector(await importModuleFile(file), file, exportName);
}
