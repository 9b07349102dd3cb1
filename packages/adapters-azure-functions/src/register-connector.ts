/** Registers a connector on the Azure Functions v4 programming model (`app.http`). Contract: the handler from
 * `createAzureHandler`; the core routes, so one catch-all function serves everything by default. The URL the
 * functions answer (`/{host.json routePrefix}/{prefix}`) must be the connector's swagger `basePath`: a mismatch
 * is an error at registration, never a connector served where its swagger says it is not. */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { HttpFunctionOptions, HttpMethod } from "@azure/functions";
import type { Connector } from "@connectorkit/sdk";
import { createHandler, requireJobRunner } from "@connectorkit/sdk/http";
import {
  type AzureHandlerOptions,
  createAzureHandler,
  resolveMountPrefix,
  segments,
} from "./create-azure-handler";

// Every method reaches the core, which answers 405 + Allow for those an operation lacks.
const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
/** Azure's route prefix when host.json sets none. */
const DEFAULT_ROUTE_PREFIX = "api";
/** host.json is a few hundred bytes; anything far larger is not one. */
const MAX_HOST_JSON_BYTES = 1024 * 1024;

/** Options of {@link registerConnector}. @example
 * ``` registerConnector(app, connector, { mode: "per-operation", hostJson: import.meta.url }); ``` */
export interface RegisterConnectorOptions extends AzureHandlerOptions {
  /** `catch-all`: one function `{prefix}{*path}` (fastest cold start); `per-operation`: one per path. @default "catch-all" */
  mode?: "catch-all" | "per-operation";
  /** Function name (catch-all) or name prefix (per-operation). @default "connector" */
  name?: string;
  /** The functions' auth level; connector auth is enforced by the core either way. @default "anonymous" */
  authLevel?: "anonymous" | "function" | "admin";
  /**
   * Where to read the route prefix (`extensions.http.routePrefix`) from: a `host.json` file, or a file or folder
   * inside the function app (a path or `file:` URL, e.g. `import.meta.url`), whose nearest `host.json` at or above
   * it is read; a missing file is then an error. Without it, `host.json` in the current directory is read if there
   * is one (the Functions host starts the worker in the app folder), else `routePrefix` or `"api"` is used.
   * A `routePrefix` option that disagrees with the host.json read is an error.
   */
  hostJson?: string | URL;
}

/**
 * Registers a connector's HTTP functions on an Azure Functions v4 app.
 *
 * The functions answer below `/{routePrefix}/{prefix}`, which must equal the connector's `basePath` (what the
 * emitted swagger tells the platform to call). Without `prefix` it is derived from `basePath`: `basePath: "/api/tickets"`
 * with routePrefix `api` serves at `tickets/{*path}`. A `basePath` the functions cannot serve throws a `TypeError`.
 * @param app - `app` from `@azure/functions` (anything with its `http(name, options)`).
 * @param connector - the connector from `defineConnector`.
 * @param options - mode, function name, route prefix (or where host.json is), prefix, handler options.
 * @returns the registered function names and routes.
 * @throws TypeError when the mount path is not the connector's basePath, or host.json cannot be read or parsed.
 * @example
 * ```ts
 * import { app } from "@azure/functions"; // src/functions/connector.ts
 * import { registerConnector } from "@connectorkit/azure-functions";
 * import { connector } from "../connector"; // basePath: "/api"
 * registerConnector(app, connector, { hostJson: import.meta.url }); // https://<app>.azurewebsites.net/api/...
 * ```
 */
export function registerConnector(
  app: { http(name: string, options: HttpFunctionOptions): void },
  connector: Connector,
  options: RegisterConnectorOptions = {},
): { name: string; route: string }[] {
  requireJobRunner(connector, options); // long-running operations need a durable runner on Functions
  const routePrefix = resolveRoutePrefix(options);
  const prefix = resolveMountPrefix(connector, routePrefix, options.prefix, "registerConnector");
  const handler = createHandler(connector, options);
  const name = options.name ?? "connector";
  const at = (path: string) => (prefix === "" ? "" : `${prefix}/`) + path.replace(/^\/+/, "");
  const base = connector.basePath === "/" ? 0 : connector.basePath.length;
  const byPath = new Map<string, { name: string; route: string }>(); // the core picks the operation by method
  for (const { path, operationId } of handler.routes) {
    const fn = { name: `${name}-${operationId}`.replace(/[^\w-]/g, "_"), route: at(path.slice(base)) };
    if (!byPath.has(fn.route.toLowerCase())) byPath.set(fn.route.toLowerCase(), fn);
  }
  const fns = options.mode === "per-operation" ? [...byPath.values()] : [{ name, route: at("{*path}") }];
  const handle = createAzureHandler(handler, { ...options, routePrefix, prefix });
  const http = { methods: METHODS, authLevel: options.authLevel ?? "anonymous", handler: handle };
  for (const { name, route } of fns) app.http(name, { ...http, route });
  return fns;
}

/** The route prefix: host.json's (named by `hostJson`, else `./host.json` when there is one), else the option,
 * else Azure's default. An option that disagrees with the host.json found is an error: the host applies the file. */
function resolveRoutePrefix(options: RegisterConnectorOptions): string {
  const given =
    options.routePrefix === undefined ? undefined : segments(options.routePrefix, "routePrefix").join("/");
  let file: string;
  if (options.hostJson !== undefined) file = findHostJson(options.hostJson);
  else {
    file = join(process.cwd(), "host.json");
    if (!exists(file)) return given ?? DEFAULT_ROUTE_PREFIX;
  }
  const fromFile = readRoutePrefix(file);
  if (given !== undefined && given.toLowerCase() !== fromFile.toLowerCase()) {
    throw new TypeError(
      `registerConnector: routePrefix "${given}" disagrees with extensions.http.routePrefix "${fromFile}" in ${file}, ` +
        "which the Functions host applies to every HTTP function. To fix it, set both to the same value, or drop " +
        "the routePrefix option (host.json is read).",
    );
  }
  return fromFile;
}

function exists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The host.json named by `hostJson`: the file itself, or the nearest one at or above a file or folder. */
function findHostJson(hostJson: string | URL): string {
  let path: string;
  try {
    path = hostJson instanceof URL || /^file:/i.test(hostJson) ? fileURLToPath(hostJson) : hostJson;
  } catch {
    throw new TypeError(
      `registerConnector: hostJson ${JSON.stringify(String(hostJson))} is not a path or file: URL.`,
    );
  }
  if (typeof path !== "string" || path === "" || path.includes("\u0000")) {
    throw new TypeError("registerConnector: hostJson must be a non-empty path or file: URL.");
  }
  if (/(^|[\\/])host\.json$/i.test(path)) {
    if (!exists(path)) throw new TypeError(`registerConnector: no host.json at ${path}.`);
    return path;
  }
  let kind: "file" | "dir";
  try {
    kind = statSync(path).isDirectory() ? "dir" : "file";
  } catch {
    throw new TypeError(`registerConnector: hostJson ${path} does not exist.`);
  }
  let dir = kind === "file" ? dirname(path) : path;
  for (let depth = 0; depth < 64; depth++) {
    const candidate = join(dir, "host.json");
    if (exists(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new TypeError(`registerConnector: no host.json at or above ${path}; pass routePrefix instead.`);
}

/** Reads `extensions.http.routePrefix` from a host.json file (Azure's default `api` when it is not set). */
function readRoutePrefix(file: string): string {
  let text: string;
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(MAX_HOST_JSON_BYTES + 1);
    const size = readSync(fd, buffer, 0, buffer.length, 0);
    if (size > MAX_HOST_JSON_BYTES) {
      throw new TypeError(
        `registerConnector: ${file} is over ${MAX_HOST_JSON_BYTES} bytes; is it a host.json?`,
      );
    }
    text = buffer
      .subarray(0, size)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
  } finally {
    closeSync(fd);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TypeError(
      `registerConnector: cannot parse ${file} as JSON (${(error as Error).message}); fix it or pass routePrefix.`,
    );
  }
  const http = (json as { extensions?: { http?: { routePrefix?: unknown } } } | null)?.extensions?.http;
  if (http === undefined || http === null || !Object.hasOwn(http, "routePrefix")) return DEFAULT_ROUTE_PREFIX;
  return segments(http.routePrefix, `extensions.http.routePrefix in ${file}`).join("/");
}
