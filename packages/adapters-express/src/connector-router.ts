/**
 * The Express 5 glue. Contract: `createHandler(connector).handle(ConnectorRequest) -> ConnectorResponse` from
 * `@connectorkit/sdk/http`; this file only reads the body and wires the two translators.
 */
import type { Connector } from "@connectorkit/sdk";
import {
  type ConnectorHandler,
  createHandler,
  type HandlerOptions,
  PLATFORM_MAX_BODY_BYTES,
} from "@connectorkit/sdk/http";
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";
import { sendConnectorResponse } from "./send-connector-response";
import { type BodyParts, readBody, toConnectorRequest } from "./to-connector-request";

/**
 * Options of {@link connectorRouter}: the core's handler options (`maxBodyBytes` also bounds reading).
 *
 * @example
 * ```ts
 * const options: ConnectorRouterOptions = { maxBodyBytes: 1_000_000, onError: (e) => console.error(e) };
 * app.use("/api", connectorRouter(connector, options));
 * ```
 */
export type ConnectorRouterOptions = HandlerOptions;

/**
 * What {@link connectorRouter} returns, for `app.use`: the request middleware, plus an error middleware that
 * hands body-parser failures (from an `express.json()` installed before the connector) back to the core, so
 * malformed and oversized bodies get the same answer with or without it.
 *
 * @example
 * ```ts
 * const router: ConnectorRouter = connectorRouter(connector);
 * app.use(express.json()); // optional
 * app.use("/api", router); // spread by Express: [requestHandler, errorHandler]
 * ```
 */
export type ConnectorRouter = [RequestHandler, ErrorRequestHandler];

/**
 * Serves a connector from an Express 5 app. Every request below the mount path is answered by the core
 * (routing, auth, validation, 404/405/413/415, error bodies), whether or not `express.json()` is installed.
 *
 * @param connector - the connector from `defineConnector`, or a handler from `createHandler`.
 * @param options - handler options: response validation, `maxBodyBytes` (default 3,182,218), `onError`, store.
 * @returns middleware for `app.use(path, ...)`.
 * @example
 * ```ts
 * import express from "express";
 * import { connectorRouter } from "@connectorkit/express";
 * import { connector } from "./connector";
 *
 * const app = express();
 * app.set("trust proxy", 1); // behind App Service / a reverse proxy: Location headers use X-Forwarded-*
 * app.use("/api", connectorRouter(connector, { onError: (e) => console.error(e) }));
 * app.listen(3000);
 * ```
 */
export function connectorRouter(
  connector: Connector | ConnectorHandler,
  options: ConnectorRouterOptions = {},
): ConnectorRouter {
  const handler = "handle" in connector ? connector : createHandler(connector, options);
  const limit = options.maxBodyBytes ?? PLATFORM_MAX_BODY_BYTES;
  const serve = (req: Request, res: Response, next: NextFunction, body: BodyParts): void => {
    const abort = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    handler
      .handle(toConnectorRequest(req, res, body, abort.signal))
      .then((out) => sendConnectorResponse(res, out), next);
  };
  const serveRequest: RequestHandler = (req, res, next) => {
    const body = readBody(req, limit);
    if (body instanceof Promise) body.then((parts) => serve(req, res, next, parts), next);
    else serve(req, res, next, body);
  };
  // body-parser errors carry the unparsed text (`body`) or mean "over its limit"; any other error is the app's.
  const serveBodyParserError: ErrorRequestHandler = (error, req, res, next) => {
    const { type, body } = (error ?? {}) as { type?: unknown; body?: unknown };
    if (type === "entity.parse.failed" && typeof body === "string") serve(req, res, next, { rawBody: body });
    else if (type === "entity.too.large") serve(req, res, next, { bodyTooLarge: true });
    else next(error);
  };
  return [serveRequest, serveBodyParserError];
}
