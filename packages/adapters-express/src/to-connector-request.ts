/**
 * express.Request -> ConnectorRequest. Contract: `ConnectorRequest` in `@connectorkit/sdk/http` — this file
 * only translates; the core decides every status, header and error body.
 */
import type { IncomingMessage } from "node:http";
import { type ConnectorRequest, toQueryRecord } from "@connectorkit/sdk/http";
import type { Request, Response } from "express";

/**
 * The body part of a {@link ConnectorRequest}: the unread stream (the core reads it), or what a body parser
 * installed before the connector (`express.json()`, `express.raw()`) left: raw bytes, a parsed body, its failure.
 *
 * @example
 * ```ts
 * const unread: BodyParts = { bodyStream: req }; // the core reads it with the operation's limit
 * const parsed: BodyParts = { body: req.body }; // express.json() ran first
 * const request = toConnectorRequest(req, res, unread, new AbortController().signal);
 * ```
 */
export type BodyParts = Pick<
  ConnectorRequest,
  "bodyStream" | "rawBody" | "body" | "bodyTooLarge" | "bodyError"
>;

/**
 * The body part of an Express request: the request stream itself while unread (the core reads it); else what
 * a body parser left (`req.body`). @internal
 */
export function bodyParts(req: IncomingMessage & { body?: unknown }): BodyParts {
  if (!req.readableEnded && !req.readableDidRead) return { bodyStream: req };
  const parsed = req.body;
  if (typeof parsed === "string" || parsed instanceof Uint8Array) return { rawBody: parsed };
  if (req.headers["content-length"] === "0") return { rawBody: "" }; // express.json() turns an empty body into {}
  return { body: parsed };
}

/**
 * Translates an Express request into a {@link ConnectorRequest}: path = `req.url` below the mount point (still
 * percent-encoded), repeated query keys -> arrays, base URL = `req.protocol://req.host + req.baseUrl` (Express
 * honours `X-Forwarded-Proto`/`-Host` there only when the app's `trust proxy` setting trusts the peer).
 *
 * @param req - the Express request.
 * @param res - its response; handlers get `ctx.platform = { req, res }`.
 * @param body - the body part (see {@link BodyParts}).
 * @param signal - aborted when the client goes away.
 * @returns the connector request.
 * @example
 * ```ts
 * const request = toConnectorRequest(req, res, { rawBody: Buffer.from("{}") }, new AbortController().signal);
 * ```
 */
export function toConnectorRequest(
  req: Request,
  res: Response,
  body: BodyParts,
  signal: AbortSignal,
): ConnectorRequest {
  const url = req.url;
  const q = url.indexOf("?");
  const query = toQueryRecord(new URLSearchParams(q === -1 ? "" : url.slice(q + 1)));
  return {
    method: req.method,
    path: q === -1 ? url : url.slice(0, q),
    query,
    headers: req.headers,
    ...body,
    baseUrl: `${req.protocol}://${req.host ?? "localhost"}${req.baseUrl}`,
    platform: { req, res },
    signal,
  };
}
