/**
 * The Express 5 glue. Contract: `createHandler(connector).handle(ConnectorRequest) -> ConnectorResponse` from
 * `@connectorkit/sdk/http`; this file only wires the two translators (the core reads the body).
 */
import type { Connector } from "@connectorkit/sdk";
import { ConnectorError } from "@connectorkit/sdk";
import {
  type ConnectorHandler,
  type ConnectorRequest,
  type ConnectorResponse,
  createHandler,
  type HandlerOptions,
  toErrorResponse,
  UNSUPPORTED_CHARSET,
  UNSUPPORTED_ENCODING,
} from "@connectorkit/sdk/http";
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { sendConnectorResponse } from "./send-connector-response";
import { type BodyParts, bodyParts, toConnectorRequest } from "./to-connector-request";

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
  // Every path ends in the core's answer or its error body: never Express's HTML page, never a rejection.
  const serve = (req: Request, res: Response, body: BodyParts): void => {
    let request: ConnectorRequest;
    const abort = new AbortController();
    try {
      res.once("close", () => {
        if (!res.writableFinished) abort.abort();
      });
      request = toConnectorRequest(req, res, body, abort.signal);
    } catch (error) {
      sendConnectorResponse(res, toErrorResponse(error));
      return;
    }
    new Promise<ConnectorResponse>((resolve) => resolve(handler.handle(request))).then(
      (out) => sendConnectorResponse(res, out),
      (error: unknown) => sendConnectorResponse(res, toErrorResponse(error)),
    );
  };
  const serveRequest: RequestHandler = (req, res) => serve(req, res, bodyParts(req));
  // body-parser errors (from an `express.json()` installed before the connector) are answered by the core like
  // its own body errors; any other error is the app's.
  const serveBodyParserError: ErrorRequestHandler = (error, req, res, next) => {
    const body = bodyParserFailure(error);
    if (body) serve(req, res, body);
    else next(error);
  };
  return [serveRequest, serveBodyParserError];
}

const BODY_PARSER_TYPES = new Set([
  "charset.unsupported",
  "encoding.unsupported",
  "entity.parse.failed",
  "entity.too.large",
  "entity.verify.failed",
  "parameters.too.many",
  "request.aborted",
  "request.size.invalid",
  "stream.encoding.set",
  "stream.not.readable",
]);

/**
 * body-parser 2 passes a failed gzip/deflate/br/zstd stream on as `createError(400, zlibError)`: no `type`, but
 * the zlib error's own numeric `errno` and `Z_*` / `ERR_*` code (e.g. `Z_DATA_ERROR`, `Z_BUF_ERROR` for an empty or
 * truncated body, `ERR__ERROR_FORMAT_PADDING_1` from brotli).
 */
function isDecompressionFailure(error: unknown): boolean {
  const { type, status, errno, code } = (error ?? {}) as {
    type?: unknown;
    status?: unknown;
    errno?: unknown;
    code?: unknown;
  };
  return (
    type === undefined &&
    status === 400 &&
    typeof errno === "number" &&
    typeof code === "string" &&
    (code.startsWith("Z_") || code.startsWith("ERR_"))
  );
}

/** The body part for a body-parser failure, or undefined when the error is not one. @internal */
export function bodyParserFailure(error: unknown): BodyParts | undefined {
  const { type, body } = (error ?? {}) as { type?: unknown; body?: unknown };
  if (isDecompressionFailure(error)) {
    return {
      bodyError: new ConnectorError("BadRequest", {
        message: "The request body could not be decompressed as its Content-Encoding says.",
      }),
    };
  }
  if (typeof type !== "string" || !BODY_PARSER_TYPES.has(type)) return undefined;
  if (type === "entity.parse.failed" && typeof body === "string") return { rawBody: body };
  if (type === "entity.too.large") return { bodyTooLarge: true };
  if (type === "charset.unsupported" || type === "encoding.unsupported") {
    const message = type === "charset.unsupported" ? UNSUPPORTED_CHARSET : UNSUPPORTED_ENCODING;
    return { bodyError: new ConnectorError("UnsupportedMediaType", { message }) };
  }
  if (type === "entity.parse.failed") {
    return { bodyError: new ConnectorError("BadRequest", { message: "Request body is not valid JSON." }) };
  }
  if (type === "stream.encoding.set" || type === "stream.not.readable") {
    return {
      bodyError: new ConnectorError("InternalServerError", {
        message: "Internal Server Error",
        cause: error,
      }),
    };
  }
  return { bodyError: new ConnectorError("BadRequest", { message: "The request body could not be read." }) };
}
