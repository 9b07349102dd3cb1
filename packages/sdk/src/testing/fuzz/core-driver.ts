/**
 * The fuzz driver for the host-agnostic core: builds a {@link ConnectorRequest} the way the adapters do
 * (`toQueryRecord(new URLSearchParams(query))`, raw body bytes) and checks that every answer can be written by
 * any host (header values are Latin-1 without control characters).
 * @internal
 */
import type { ConnectorHandler } from "../../http/create-handler";
import { toQueryRecord } from "../../http/query";
import type { ConnectorRequest } from "../../http/types";
import type { FuzzRequest } from "./requests";
import type { FuzzResponse, FuzzSend } from "./run-fuzz";

/**
 * Translates a fuzz request into what an adapter would hand the core. Throws where an adapter would (a query
 * the adapters cannot collect is a host crash).
 *
 * @param req - the fuzz request.
 * @param baseUrl - the public origin plus mount path.
 * @returns the connector request.
 * @example
 * ```ts
 * const request = sendThroughCore({ method: "GET", path: "/records", query: "", headers: {}, kind: "none" });
 * ```
 * @internal
 */
export function sendThroughCore(
  req: FuzzRequest,
  baseUrl = "https://fuzz.example.com/api",
): ConnectorRequest {
  return {
    method: req.method,
    path: req.path,
    query: toQueryRecord(new URLSearchParams(req.query)),
    headers: { ...req.headers },
    rawBody: req.body,
    baseUrl,
  };
}

/**
 * A {@link FuzzSend} that calls `handler.handle` directly. A thrown translation, a rejected `handle` or a
 * response header no host can write (e.g. a value above U+00FF) counts as a crash.
 *
 * @param handler - from `createHandler(connector)`.
 * @returns the driver.
 * @example
 * ```ts
 * const send = coreSend(createHandler(fuzzConnector().connector));
 * ```
 * @internal
 */
export function coreSend(handler: ConnectorHandler): FuzzSend {
  return async (req, _signal): Promise<FuzzResponse> => {
    const res = await handler.handle(sendThroughCore(req));
    // What every host does with the headers: Node's setHeader and fetch's Headers both refuse non-ByteStrings.
    new Headers(res.headers);
    return {
      status: res.status,
      headers: res.headers,
      body: req.method.toUpperCase() === "HEAD" ? "" : (res.body ?? ""),
    };
  };
}
