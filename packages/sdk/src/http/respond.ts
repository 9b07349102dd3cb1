import {
  ConnectorError,
  type ErrorDetail,
  ResponseValidationError,
  toConnectorError,
} from "../errors/connector-error";
import type { ConnectorResponse } from "./types";

/**
 * Content type of every JSON body the runtime writes.
 *
 * @example
 * ```ts
 * res.setHeader("content-type", JSON_CONTENT_TYPE); // "application/json; charset=utf-8"
 * ```
 */
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** Builds a JSON response with lower-cased headers. @internal */
export function jsonResponse(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): ConnectorResponse {
  const out: Record<string, string> = {};
  if (headers) for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = String(v);
  if (body === undefined) return { status, headers: out };
  out["content-type"] = JSON_CONTENT_TYPE;
  return { status, headers: out, body: JSON.stringify(body) };
}

const INTERNAL = new ConnectorError("InternalServerError", { message: "Internal Server Error" });

/** Renders any error as the standard error body. @internal */
export function errorResponse(error: unknown): ConnectorResponse {
  const e: ConnectorError = toConnectorError(error);
  // A response validation failure describes the handler's output (internals): it goes to onError, never to the caller.
  if (e instanceof ResponseValidationError) return jsonResponse(e.status, INTERNAL.toBody());
  return jsonResponse(e.status, e.toBody(), e.headers);
}

/** Converts zod-like details for logging. @internal */
export function describeDetails(details: ErrorDetail[] | undefined): string {
  return (details ?? []).map((d) => `${d.target}: ${d.message}`).join("; ");
}
