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

/**
 * A handler (or `ConnectorError`) set a response header that no HTTP host can send: a name that is not an HTTP
 * token, or a value with a control character or a character above U+00FF. Rendered as 500 (details go to
 * `onError`, never to the caller). `Location` and `Content-Location` are not refused: they are URLs, and the
 * core percent-encodes any character that is not printable ASCII in them (see {@link encodeUrlHeader}).
 *
 * @example
 * ```ts
 * new ResponseHeaderError("x-title", "value has a character above U+00FF");
 * ```
 */
export class ResponseHeaderError extends ConnectorError {
  override readonly name = "ResponseHeaderError";
  /** The header name (as given, truncated to 100 characters). */
  readonly header: string;
  constructor(header: string, reason: string) {
    const shown = header.length > 100 ? `${header.slice(0, 100)}…` : header;
    super("InternalServerError", { message: `Response header "${shown}" cannot be sent: ${reason}.` });
    this.header = shown;
  }
}

// RFC 9110 token characters.
function isToken(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const ok =
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x30 && c <= 0x39) ||
      "!#$%&'*+-.^_`|~".includes(name[i]!);
    if (!ok) return false;
  }
  return true;
}

/** Why a header value cannot be sent, or undefined when it can (HTAB, SP-~, and U+0080-U+00FF). @internal */
function invalidValue(value: string): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x09 || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff)) continue;
    return c > 0xff ? "the value has a character above U+00FF" : "the value has a control character";
  }
  return undefined;
}

/**
 * Percent-encodes every character of a URL that is not printable ASCII (controls, space, non-ASCII as UTF-8),
 * so a `Location` built from user data can always be sent. Existing `%XX` escapes are kept. Linear time.
 *
 * @param url - the URL as the handler built it.
 * @returns the URL with only printable ASCII.
 * @example
 * ```ts
 * encodeUrlHeader("https://api.contoso.com/exports/日本/status"); // ".../exports/%E6%97%A5%E6%9C%AC/status"
 * ```
 */
export function encodeUrlHeader(url: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) continue;
    out += url.slice(from, i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < url.length) {
      const next = url.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += encodeURIComponent(url.slice(i, i + 2));
        i++;
        from = i + 1;
        continue;
      }
    }
    out += c >= 0xd800 && c <= 0xdfff ? "%EF%BF%BD" : encodeURIComponent(url[i]!); // lone surrogate -> U+FFFD
    from = i + 1;
  }
  return from === 0 ? url : out + url.slice(from);
}

const URL_HEADERS = new Set(["location", "content-location"]);

function headerValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  throw new TypeError("not a string");
}

/**
 * Lower-cases, checks and encodes response headers: URL headers are percent-encoded, anything else that a host
 * could not send throws {@link ResponseHeaderError}.
 * @internal
 */
export function responseHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const name of Object.keys(headers)) {
    if (!isToken(name)) throw new ResponseHeaderError(name, "the name is not an HTTP token");
    const lower = name.toLowerCase();
    let value: string;
    try {
      value = headerValue(headers[name]);
    } catch {
      throw new ResponseHeaderError(name, "the value is not a string");
    }
    if (URL_HEADERS.has(lower)) value = encodeUrlHeader(value);
    const why = invalidValue(value);
    if (why) throw new ResponseHeaderError(name, why);
    out[lower] = value;
  }
  return out;
}

/** Builds a JSON response with lower-cased, checked headers. @internal */
export function jsonResponse(
  status: number,
  body: unknown,
  headers?: Record<string, unknown>,
): ConnectorResponse {
  const out = responseHeaders(headers);
  if (body === undefined) return { status, headers: out };
  out["content-type"] = JSON_CONTENT_TYPE;
  return { status, headers: out, body: JSON.stringify(body) };
}

const INTERNAL = new ConnectorError("InternalServerError", { message: "Internal Server Error" });
const INTERNAL_RESPONSE: ConnectorResponse = Object.freeze({
  status: 500,
  headers: Object.freeze({ "content-type": JSON_CONTENT_TYPE }) as Record<string, string>,
  body: JSON.stringify(INTERNAL.toBody()),
});

/**
 * Renders anything thrown as the core's error response: `{ error: { code, message, details? } }` with the
 * error's status and headers. Unknown errors become a generic 500 (no stack, no internals); a response or header
 * validation failure also renders as a generic 500. Never throws. Adapters call it for failures outside
 * `handle` (translating a request, writing a response), so every answer has the same body.
 *
 * @param error - anything thrown.
 * @returns the error response.
 * @example
 * ```ts
 * let request: ConnectorRequest;
 * try {
 *   request = toConnectorRequest(hostRequest);
 * } catch (error) {
 *   return write(toErrorResponse(error)); // { status: 500, body: '{"error":{"code":"InternalServerError",...}}' }
 * }
 * ```
 */
export function toErrorResponse(error: unknown): ConnectorResponse {
  try {
    const e: ConnectorError = toConnectorError(error);
    // A response validation failure describes the handler's output (internals): it goes to onError, never to the caller.
    if (e instanceof ResponseValidationError || e instanceof ResponseHeaderError)
      return copy(INTERNAL_RESPONSE);
    try {
      return jsonResponse(e.status, e.toBody(), e.headers);
    } catch {
      return jsonResponse(e.status, e.toBody()); // the error's own headers cannot be sent: drop them
    }
  } catch {
    return copy(INTERNAL_RESPONSE);
  }
}

function copy(res: ConnectorResponse): ConnectorResponse {
  return { status: res.status, headers: { ...res.headers }, body: res.body };
}

/** Renders any error as the standard error body. @internal */
export const errorResponse: (error: unknown) => ConnectorResponse = toErrorResponse;

/** Converts zod-like details for logging. @internal */
export function describeDetails(details: ErrorDetail[] | undefined): string {
  return (details ?? []).map((d) => `${d.target}: ${d.message}`).join("; ");
}
