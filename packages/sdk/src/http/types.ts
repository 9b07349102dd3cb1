/**
 * The contract between the host-agnostic core and host adapters. Plain data, no host types.
 * @module
 */
import type { ConnectorError } from "../errors/connector-error";

/**
 * HTTP methods the runtime routes.
 *
 * @example
 * ```ts
 * const method: HttpMethod = "GET";
 * ```
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";

/**
 * A request body the core reads itself: a Node `Readable`, an async iterable of bytes, or a Web `ReadableStream`.
 *
 * @example
 * ```ts
 * const fromNode: BodyStream = incomingMessage; // node:http request
 * const fromWeb: BodyStream = new Request("http://x", { method: "POST", body: "{}" }).body!;
 * ```
 */
export type BodyStream = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/**
 * A request as an adapter hands it to the core.
 *
 * @example
 * ```ts
 * const req: ConnectorRequest = {
 *   method: "GET", path: "/tickets/T-1", query: { top: "5" }, headers: { "x-api-key": "k" },
 *   baseUrl: "https://api.contoso.com/api",
 * };
 * ```
 */
export interface ConnectorRequest {
  /** Upper-case HTTP method. */
  method: string;
  /**
   * Path below the mount point, starting with `/`, still percent-encoded (e.g. `/tickets/a%2Fb`).
   * The core decodes each segment itself, so `%2F` inside a segment stays inside that parameter.
   */
  path: string;
  /** Query parameters; a repeated parameter is an array. */
  query: Record<string, string | string[] | undefined>;
  /** Header names lower-cased; repeated headers joined or as arrays. */
  headers: Record<string, string | string[] | undefined>;
  /**
   * The unread body as a stream: a Node `Readable` (e.g. the `IncomingMessage` itself), an async iterable of
   * `Uint8Array`, or a Web `ReadableStream`. The core reads it only for operations that take a body, stopping at
   * the operation's limit (413), and decodes and parses it by content type (400/415). Preferred: hosts need not
   * buffer anything. Ignored when `rawBody` is given.
   */
  bodyStream?: BodyStream | null | undefined;
  /**
   * The unparsed body, already in memory. When given, the core checks its size and content type and parses it,
   * so every host answers malformed or oversized bodies the same way. Prefer this over {@link ConnectorRequest.body}.
   */
  rawBody?: Uint8Array | string | undefined;
  /**
   * An already-parsed JSON body, for hosts whose framework parsed it before the adapter ran
   * (e.g. an Express app with `express.json()` installed). Ignored when `rawBody` is given.
   */
  body?: unknown;
  /**
   * Set by an adapter that stopped reading the body because it was larger than the handler's `maxBodyBytes`
   * (pass `rawBody` undefined then). The core answers 413 for operations that take a body, exactly as for an
   * oversized `rawBody`, so hosts need not buffer a huge body just to have it rejected.
   */
  bodyTooLarge?: boolean | undefined;
  /**
   * Set by an adapter whose host failed to read the body before the core saw it (e.g. body-parser refusing a
   * charset or a `Content-Encoding`): the core raises it where it reads the body, after routing and auth, and
   * renders it as its error body.
   */
  bodyError?: ConnectorError | undefined;
  /**
   * Public origin plus mount path, without a trailing slash, e.g. `https://api.contoso.com/api`.
   * Used for absolute `Location` headers.
   */
  baseUrl: string;
  /** Raw host objects, passed to handlers as `ctx.platform` (escape hatch). */
  platform?: unknown;
  /** Aborted when the client goes away. */
  signal?: AbortSignal | undefined;
}

/**
 * What the core answers. The body is already serialized, so every host sends the same bytes.
 *
 * @example
 * ```ts
 * const res: ConnectorResponse = { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body: "{\"id\":\"T-1\"}" };
 * ```
 */
export interface ConnectorResponse {
  /** HTTP status code. */
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Serialized body, or `undefined` for none. */
  body?: string | undefined;
}
