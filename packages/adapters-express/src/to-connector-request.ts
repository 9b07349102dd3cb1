/**
 * express.Request -> ConnectorRequest. Contract: `ConnectorRequest` in `@connectorkit/sdk/http` — this file
 * only translates; the core decides every status, header and error body.
 */
import type { IncomingMessage } from "node:http";
import { type ConnectorRequest, toQueryRecord } from "@connectorkit/sdk/http";
import type { Request, Response } from "express";

/**
 * The body part of a {@link ConnectorRequest}: raw bytes, an already-parsed body, or "stopped at the limit".
 *
 * @example
 * ```ts
 * const raw: BodyParts = { rawBody: Buffer.from('{"title":"Printer on fire"}') };
 * const tooLarge: BodyParts = { bodyTooLarge: true }; // the core answers 413
 * const request = toConnectorRequest(req, res, raw, new AbortController().signal);
 * ```
 */
export type BodyParts = Pick<ConnectorRequest, "rawBody" | "body" | "bodyTooLarge">;
const NO_BODY: BodyParts = {};
const TOO_LARGE: BodyParts = { bodyTooLarge: true };

/**
 * Reads the body up to `limit` bytes; above it, stops (the rest is discarded) and marks it too large, so the
 * core answers 413. If a body parser (`express.json()`, `express.raw()`) already consumed the stream, passes
 * its result on. @internal
 */
export function readBody(
  req: IncomingMessage & { body?: unknown },
  limit: number,
): Promise<BodyParts> | BodyParts {
  const length = req.headers["content-length"];
  if (req.readableEnded) {
    const parsed = req.body;
    if (typeof parsed === "string" || parsed instanceof Uint8Array) return { rawBody: parsed };
    if (length === "0") return { rawBody: "" }; // express.json() turns an empty body into {}
    return Number(length) > limit ? TOO_LARGE : { body: parsed };
  }
  if (length === undefined && req.headers["transfer-encoding"] === undefined) return NO_BODY;
  if (Number(length) > limit) {
    req.resume(); // discard the rest
    return TOO_LARGE;
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (result: BodyParts | Error): void => {
      req.off("data", onData).off("end", onEnd).off("error", settle);
      if (result === TOO_LARGE) req.resume();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else settle(TOO_LARGE);
    };
    const onEnd = (): void =>
      settle({ rawBody: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) });
    req.on("data", onData).on("end", onEnd).on("error", settle);
  });
}

/**
 * Translates an Express request into a {@link ConnectorRequest}: path = `req.url` below the mount point (still
 * percent-encoded), repeated query keys -> arrays, base URL = `req.protocol://req.host + req.baseUrl` (Express
 * honours `X-Forwarded-Proto`/`-Host` there only when the app's `trust proxy` setting trusts the peer).
 *
 * @param req - the Express request.
 * @param res - its response; handlers get `ctx.platform = { req, res }`.
 * @param body - the body part (see `readBody`).
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
