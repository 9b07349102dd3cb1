/** ConnectorResponse -> Azure Functions v4 HttpResponseInit. Contract: `ConnectorResponse` in
 * `@connectorkit/sdk/http` — status, lower-cased headers and an already-serialized body, passed on as is. */
import type { HttpResponseInit } from "@azure/functions";
import type { ConnectorResponse } from "@connectorkit/sdk/http";

/**
 * Translates a {@link ConnectorResponse} into the `HttpResponseInit` a v4 handler returns (body as the core's string).
 * @param response - what the core answered.
 * @returns the response init.
 * @example
 * ``` toHttpResponseInit({ status: 204, headers: {} }); // { status: 204, headers: {} } ``` */
export function toHttpResponseInit({ status, headers, body }: ConnectorResponse): HttpResponseInit {
  return body === undefined ? { status, headers } : { status, headers, body };
}
