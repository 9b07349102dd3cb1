/** Registers a connector on the Azure Functions v4 programming model (`app.http`). Contract: the handler from
 * `createAzureHandler`; the core routes, so one catch-all function serves everything by default. */
import type { HttpFunctionOptions, HttpMethod } from "@azure/functions";
import type { Connector } from "@connectorkit/sdk";
import { createHandler, requireJobRunner } from "@connectorkit/sdk/http";
import { type AzureHandlerOptions, createAzureHandler } from "./create-azure-handler";

// Every method reaches the core, which answers 405 + Allow for those an operation lacks.
const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** Options of {@link registerConnector}. @example
 * ``` registerConnector(app, connector, { mode: "per-operation" }); ``` */
export interface RegisterConnectorOptions extends AzureHandlerOptions {
  /** `catch-all`: one function `{prefix}{*path}` (fastest cold start); `per-operation`: one per path. @default "catch-all" */
  mode?: "catch-all" | "per-operation";
  /** Function name (catch-all) or name prefix (per-operation). @default "connector" */
  name?: string;
  /** The functions' auth level; connector auth is enforced by the core either way. @default "anonymous" */
  authLevel?: "anonymous" | "function" | "admin";
}

/**
 * Registers a connector's HTTP functions on an Azure Functions v4 app.
 * @param app - `app` from `@azure/functions` (anything with its `http(name, options)`).
 * @param connector - the connector from `defineConnector`.
 * @param options - mode, function name, route prefixes, handler options.
 * @returns the registered function names and routes.
 * @example
 * ```ts
 * import { app } from "@azure/functions"; // src/functions/connector.ts
 * import { registerConnector } from "@connectorkit/azure-functions";
 * import { connector } from "../connector";
 * registerConnector(app, connector); // https://<app>.azurewebsites.net/api/...
 * ```
 */
export function registerConnector(
  app: { http(name: string, options: HttpFunctionOptions): void },
  connector: Connector,
  options: RegisterConnectorOptions = {},
): { name: string; route: string }[] {
  requireJobRunner(connector, options); // long-running operations need a durable runner on Functions
  const handler = createHandler(connector, options);
  const name = options.name ?? "connector";
  const prefix = (options.prefix ?? "").replace(/^\/+|\/+$/g, "");
  const at = (path: string) => (prefix === "" ? "" : `${prefix}/`) + path.replace(/^\/+/, "");
  const base = connector.basePath === "/" ? 0 : connector.basePath.length;
  const byPath = new Map<string, { name: string; route: string }>(); // the core picks the operation by method
  for (const { path, operationId } of handler.routes) {
    const fn = { name: `${name}-${operationId}`.replace(/[^\w-]/g, "_"), route: at(path.slice(base)) };
    if (!byPath.has(fn.route.toLowerCase())) byPath.set(fn.route.toLowerCase(), fn);
  }
  const fns = options.mode === "per-operation" ? [...byPath.values()] : [{ name, route: at("{*path}") }];
  const handle = createAzureHandler(handler, options);
  const http = { methods: METHODS, authLevel: options.authLevel ?? "anonymous", handler: handle };
  for (const { name, route } of fns) app.http(name, { ...http, route });
  return fns;
}
