/**
 * The example Express 5 app: an existing app (health route, its own middleware) that mounts the Contoso
 * Tickets connector at `/api` with one line.
 */

import { connectorRouter } from "@connectorkit/express";
import { connector, runtimeOptions } from "@connectorkit-examples/tickets";
import express from "express";

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Express `trust proxy` setting: set it behind Azure App Service or a reverse proxy. @default false */
  trustProxy?: boolean | number | string;
}

/**
 * Builds the app: `GET /health` plus every connector operation below `/api`.
 *
 * @param options - proxy trust.
 * @returns the Express app (not listening).
 * @example
 * ```ts
 * createApp({ trustProxy: 1 }).listen(3000);
 * ```
 */
export function createApp(options: AppOptions = {}): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);
  app.use(express.json()); // the app's own routes use it; the connector works with or without it
  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.use(
    "/api",
    connectorRouter(connector, {
      ...runtimeOptions(),
      onError: (error, info) =>
        console.error(`[${info.operationId ?? "router"}] ${error.name}: ${error.message}`),
    }),
  );
  return app;
}
