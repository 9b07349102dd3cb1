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
  /** Where the connector sits below the route prefix: `tickets` serves `/api/tickets/...`. @default "" */
  prefix?: string;
  /** Build absolute `Location` URLs from `X-Forwarded-Proto`/`-Host`; only behind a proxy that sets them. @default false */
  trustProxy?: boolean;
}

/** A v4 HTTP handler. @example
 * ``` const handle: AzureHttpHandler = createAzureHandler(connector); ``` */
export type AzureHttpHandler = (req: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/**
 * Builds the v4 handler serving every operation of a connector — what `registerConnector` registers; call it
 * directly in tests with real `HttpRequest` / `InvocationContext` objects.
 * @param connector - the connector from `defineConnector`, or a handler from `createHandler`.
 * @param options - handler options (`maxBodyBytes`: the core stops reading there), route prefix, proxy trust.
 * @returns the handler.
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
  if (!("handle" in connector)) requireJobRunner(connector, options); // a prebuilt handler chose its runner
  const handler = "handle" in connector ? connector : createHandler(connector, options);
  const mountPath = `/${options.routePrefix ?? "api"}/${options.prefix ?? ""}`.replace(/\/+/g, "/");
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
