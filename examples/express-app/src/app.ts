/**
 * The example Express 5 app: an existing app (health route, its own middleware) that mounts the Contoso
 * Tickets connector at `/api` with one line.
 */

import { connectorRouter } from "@connectorkit/express";
import { PLATFORM_MAX_BODY_BYTES } from "@connectorkit/sdk/http";
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
 * @throws MissingSecretsError under `NODE_ENV=production` without TICKETS_API_KEYS or CONNECTORKIT_STATE_SECRET.
 * @example
 * ```ts
 * createApp({ trustProxy: 1 }).listen(3000);
 * ```
 */
export function createApp(options: AppOptions = {}): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);
  // The app's own routes use it; the connector works with or without it. Its limit is the platform's request
  // limit (3,182,218 bytes), not express.json()'s 100 KB default, which would turn larger connector calls into 413s.
  app.use(express.json({ limit: PLATFORM_MAX_BODY_BYTES }));
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
