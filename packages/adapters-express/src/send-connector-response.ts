/**
 * ConnectorResponse -> express.Response. Contract: `ConnectorResponse` in `@connectorkit/sdk/http` — status,
 * lower-cased headers and an already-serialized body, written as is (no Express content negotiation, no ETag).
 */
import { type ConnectorResponse, toErrorResponse } from "@connectorkit/sdk/http";
import type { Response } from "express";

/**
 * Writes a {@link ConnectorResponse} to an Express response (nothing if a handler answered via `ctx.platform.res`).
 * Never throws: if the host refuses the response (a header Node cannot send), the core's 500 error body is sent
 * instead; if even that fails or the headers are already out, the connection is closed.
 * @param res - the Express response.
 * @param response - what the core answered.
 * @example
 * ```ts
 * sendConnectorResponse(res, { status: 204, headers: {} });
 * ```
 */
export function sendConnectorResponse(res: Response, response: ConnectorResponse): void {
  if (res.headersSent) return;
  try {
    write(res, response);
  } catch (error) {
    try {
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      write(res, toErrorResponse(error));
    } catch {
      res.destroy();
    }
  }
}

function write(res: Response, response: ConnectorResponse): void {
  res.statusCode = response.status;
  const headers = response.headers;
  for (const name in headers) res.setHeader(name, headers[name] as string);
  res.end(response.body);
}
