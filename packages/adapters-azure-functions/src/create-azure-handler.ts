/** Azure Functions v4 glue: one `(request, context) => HttpResponseInit` handler for a whole connector.
 * Contract: `createHandler(connector).handle(ConnectorRequest) -> ConnectorResponse` (`@connectorkit/sdk/http`). */
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import type { Connector } from "@connectorkit/sdk";
import type { ConnectorHandler, HandlerOptions } from "@connectorkit/sdk/http";
import {
  createHandler,
  type JobRunnerGuardOptions,
  requireJobRunner,
  toErrorResponse,
} from "@connectorkit/sdk/http";
import { toConnectorRequest } from "./to-connector-request";
import { toHttpResponseInit } from "./to-http-response-init";

/** Options of {@link createAzureHandler}: the core's handler options plus where the connector is mounted. @example
 * ``` createAzureHandler(connector, { routePrefix: "", prefix: "tickets", trustProxy: true }); ``` */
export interface AzureHandlerOptions extends HandlerOptions, JobRunnerGuardOptions {
  /** Your host.json `extensions.http.routePrefix` (`""` for none). @default "api" */
  routePrefix?: string;
  /**
   * Where the connector sits below the route prefix: `tickets` serves `/api/tickets/...`. Given a connector, `/{routePrefix}/{prefix}`
   * must be its `basePath`, and the default is the part of `basePath` after the route prefix. @default derived from basePath
   */
  prefix?: string;
  /** Build absolute `Location` URLs from `X-Forwarded-Proto`/`-Host`; only behind a proxy that sets them. @default false */
  trustProxy?: boolean;
}

/** A v4 HTTP handler. @example
 * ``` const handle: AzureHttpHandler = createAzureHandler(connector); ``` */
export type AzureHttpHandler = (req: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/**
 * Builds the v4 handler serving every operation of a connector — what `registerConnector` registers; call it
 * directly in tests with real `HttpRequest` / `InvocationContext` objects, or from your own `app.http(...)`.
 * Given a connector, the mount path `/{routePrefix}/{prefix}` is checked against its `basePath` like
 * `registerConnector` does (`prefix` defaults to the rest of `basePath`); a prebuilt handler is taken as given.
 * @param connector - the connector from `defineConnector`, or a handler from `createHandler`.
 * @param options - handler options (`maxBodyBytes`: the core stops reading there), route prefix, proxy trust.
 * @returns the handler.
 * @throws TypeError when the mount path is not the connector's basePath (the message says what to change).
 * @example
 * ```ts
 * import az from "@azure/functions";
 * const handle = createAzureHandler(connector, { routePrefix: "api" });
 * const req = new az.HttpRequest({ method: "GET", url: "http://localhost:7071/api/tickets/T-1" });
 * const res = await handle(req, new az.InvocationContext({ invocationId: "1", functionName: "connector" }));
 * ```
 */
export function createAzureHandler(
  connector: Connector | ConnectorHandler,
  options: AzureHandlerOptions = {},
): AzureHttpHandler {
  let routePrefix = options.routePrefix ?? "api";
  let prefix = options.prefix ?? "";
  if (!("handle" in connector)) {
    requireJobRunner(connector, options); // a prebuilt handler chose its runner
    routePrefix = segments(routePrefix, "routePrefix").join("/");
    prefix = resolveMountPrefix(connector, routePrefix, options.prefix, "createAzureHandler");
  }
  const handler = "handle" in connector ? connector : createHandler(connector, options);
  const mountPath = `/${routePrefix}/${prefix}`.replace(/\/+/g, "/");
  const t = { mountPath: mountPath.replace(/\/$/, ""), trustProxy: options.trustProxy ?? false };
  // Every path ends in the core's answer or its error body: a translation failure never escapes to the host.
  return async (request, context) => {
    try {
      return toHttpResponseInit(await handler.handle(await toConnectorRequest(request, context, t)));
    } catch (error) {
      return toHttpResponseInit(toErrorResponse(error));
    }
  };
}

/**
 * Path segments of a route prefix or prefix, checked: no templates, queries, `.`/`..` or blanks.
 * @internal shared with `registerConnector`.
 * @param value - the route prefix or prefix (anything: host.json values are checked too).
 * @param what - how to name it in the error.
 * @returns the non-empty segments.
 * @throws TypeError when it is not a string of plain path segments.
 */
export function segments(value: unknown, what: string): string[] {
  if (typeof value !== "string" || value.length > 200) {
    throw new TypeError(`${what} must be a string of at most 200 characters, got ${show(value)}.`);
  }
  const parts = value.split("/").filter((s) => s !== "");
  for (const part of parts) {
    if (part === "." || part === ".." || !/^[\w.~!$&'()*+,;=:@-]+$/.test(part)) {
      throw new TypeError(
        `${what} ${JSON.stringify(value)} must be plain path segments (letters, digits, -._~ and the like; no templates, "..", %, spaces).`,
      );
    }
  }
  return parts;
}

function show(value: unknown): string {
  return typeof value === "string"
    ? `a string of ${value.length} characters`
    : (JSON.stringify(value) ?? typeof value);
}

/**
 * The connector's place below the route prefix: the `prefix` option, checked so that `/{routePrefix}/{prefix}` is
 * the connector's `basePath`, or (without the option) the part of `basePath` after the route prefix.
 * @internal the one mount check, shared by `registerConnector` and `createAzureHandler`.
 * @param connector - the connector whose `basePath` must be served.
 * @param routePrefix - host.json's `extensions.http.routePrefix` (`""` for none).
 * @param option - the `prefix` option, if given.
 * @param caller - the public function named in the error.
 * @returns the prefix, as plain segments joined by `/` (`""` for none).
 * @throws TypeError saying what to change when the functions would answer elsewhere than `basePath`.
 */
export function resolveMountPrefix(
  connector: Connector,
  routePrefix: string,
  option: string | undefined,
  caller: "registerConnector" | "createAzureHandler",
): string {
  const basePath = segments(connector.basePath, "basePath");
  const route = segments(routePrefix, "routePrefix");
  const head = basePath.slice(0, route.length);
  const derived = basePath.slice(route.length).join("/");
  const startsWithRoute =
    head.length === route.length && head.every((s, i) => s.toLowerCase() === route[i]!.toLowerCase());
  const prefix = option === undefined ? derived : segments(option, "prefix").join("/");
  if (startsWithRoute && prefix.toLowerCase() === derived.toLowerCase()) return prefix;
  const mount = `/${[...route, ...(prefix === "" ? [] : [prefix])].join("/")}`;
  const fix =
    route.length > 0 && !startsWithRoute
      ? `set host.json extensions.http.routePrefix (and routePrefix) to "${basePath.join("/")}" or a leading part of it, ` +
        `or change the connector's basePath to start with "/${route.join("/")}"`
      : `drop the prefix option (it is derived from basePath) or change basePath to "${mount}"`;
  throw new TypeError(
    `${caller}: connector "${connector.title}" has basePath "${connector.basePath}", but its functions ` +
      `would answer at "${mount}" (routePrefix "${routePrefix}"${option === undefined ? "" : `, prefix "${option}"`}), ` +
      `a URL its swagger does not describe. To fix it, ${fix}.`,
  );
}
