/**
 * The example Azure Functions v4 app: one call registers the Contoso Tickets connector as a single catch-all
 * HTTP function, served at `http://localhost:7071/api/...` by `func start` (host.json `routePrefix: "api"`).
 */

import { app } from "@azure/functions";
import { registerConnector } from "@connectorkit/azure-functions";
import { connector } from "@connectorkit-examples/tickets";

/** The registered functions (name and route), for logs and tests. */
export const functions = registerConnector(app, connector, {
  routePrefix: "api", // keep in sync with host.json extensions.http.routePrefix
  onError: (error, info) =>
    console.error(`[${info.operationId ?? "router"}] ${error.name}: ${error.message}`),
});
