/**
 * Request bodies: the core reads them (bytes, a Node `Readable`, an async iterable or a Web `ReadableStream`)
 * with the operation's limit, decodes and parses them by content type, and answers 400/413/415 itself, so every
 * host behaves the same. Parsers live in {@link BODY_PARSERS}: one entry per media type family.
 * @module
 */
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { ConnectorError } from "../errors/connector-error";
import type { BodyStream, ConnectorRequest } from "./types";

/**
 * Deepest nesting of arrays/objects accepted in a JSON body. Deeper bodies answer 400 before anything recurses
 * over them (validation, storage, serialization), so no body can overflow the stack.
 *
 * @example
 * ```ts
 * JSON.parse("[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH)); // the deepest body accepted
 * ```
 */
export const MAX_JSON_DEPTH = 256;

/**
 * A content-type parser: turns the decoded request bytes into the body value handlers see.
 * Throw a {@link ConnectorError} (400) for malformed input; never put input fragments in its message.
 *
 * @example
 * ```ts
 * const text: BodyParser = { matches: (type) => type === "text/plain", parse: (bytes) => new TextDecoder().decode(bytes) };
 * ```
 */
export interface BodyParser {
  /** Whether this parser reads the (lower-cased, parameter-free) media type, e.g. `application/json`. */
  matches(mediaType: string): boolean;
  /** Parses the body bytes (never empty). */
  parse(bytes: Uint8Array, mediaType: string): unknown;
  /** Checks a body a host framework already parsed (e.g. `express.json()`); throw to refuse it. */
  check?(value: unknown): void;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function malformedJson(message: string): ConnectorError {
  return new ConnectorError("BadRequest", {
    message,
    details: [{ code: "invalid_json", target: "body", location: "body", path: [], message }],
  });
}

function tooDeep(): ConnectorError {
  return malformedJson(`Request body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
}

/**
 * Linear scan of JSON bytes: whether array/object nesting stays within `limit`, strings skipped. Runs on the raw
 * UTF-8 bytes (every structural character is ASCII, every multi-byte sequence is >= 0x80), so a body that is too
 * deep is refused after reading `limit` brackets, before anything decodes it. @internal
 */
export function jsonDepthWithin(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return false;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return true;
}

/** Iterative depth check of a parsed value (no recursion, so no stack overflow). @internal */
export function valueDepthWithin(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== "object") return true;
  const stack: [unknown, number][] = [[value, 1]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return false;
    if (seen.has(node as object)) continue;
    seen.add(node as object);
    const children = Array.isArray(node) ? node : Object.values(node as object);
    for (const child of children)
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return true;
}

/** `application/json` and every `+json` media type. */
const json: BodyParser = {
  matches: (type) => type === "application/json" || type.endsWith("+json"),
  parse(bytes) {
    if (!jsonDepthWithin(bytes, MAX_JSON_DEPTH)) throw tooDeep();
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new ConnectorError("BadRequest", { message: "Request body is not valid UTF-8." });
    }
    try {
      return JSON.parse(text);
    } catch {
      // The engine's message quotes the input: never echo it.
      throw malformedJson("Request body is not valid JSON.");
    }
  },
  check(value) {
    if (!valueDepthWithin(value, MAX_JSON_DEPTH)) throw tooDeep();
  },
};

/**
 * The content-type parsers the core reads request bodies with, in order. JSON today; forms, multipart and XML
 * get their entry here.
 *
 * @example
 * ```ts
 * BODY_PARSERS.find((p) => p.matches("application/merge-patch+json")); // the JSON parser
 * ```
 */
export const BODY_PARSERS: readonly BodyParser[] = [json];

function tooLarge(maxBodyBytes: number): ConnectorError {
  // The message does not name the actual size: reading stops at the limit.
  return new ConnectorError("PayloadTooLarge", {
    message: `Request body is larger than the limit of ${maxBodyBytes} bytes.`,
  });
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(", ") : typeof value === "string" ? value : "";
}

/** Media type of a Content-Type value: lower-cased, parameters and whitespace dropped. Linear time. @internal */
export function mediaTypeOf(contentType: string): string {
  const semi = contentType.indexOf(";");
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** The `charset` parameter of a Content-Type value, lower-cased, or undefined. Linear time. @internal */
export function charsetOf(contentType: string): string | undefined {
  const params = contentType.split(";");
  for (let i = 1; i < params.length; i++) {
    const param = params[i]!;
    const eq = param.indexOf("=");
    if (eq === -1 || param.slice(0, eq).trim().toLowerCase() !== "charset") continue;
    let value = param.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    return value.toLowerCase();
  }
  return undefined;
}

/**
 * Message of the core's 415 for a charset other than UTF-8. An adapter whose host framework refuses the charset
 * before the core runs passes the same text (as `bodyError`), so every host answers alike.
 *
 * @example
 * ```ts
 * const bodyError = new ConnectorError("UnsupportedMediaType", { message: UNSUPPORTED_CHARSET });
 * ```
 */
export const UNSUPPORTED_CHARSET = "The request body's charset is not supported.";

/**
 * Message of the core's 415 for a `Content-Encoding` other than gzip, deflate, br or identity (see
 * {@link UNSUPPORTED_CHARSET}).
 *
 * @example
 * ```ts
 * const bodyError = new ConnectorError("UnsupportedMediaType", { message: UNSUPPORTED_ENCODING });
 * ```
 */
export const UNSUPPORTED_ENCODING = "The request body's Content-Encoding is not supported.";

// Decodes `Content-Encoding` (gzip, deflate, br; identity), never producing more than `limit` bytes.
function decodeContent(bytes: Uint8Array, encoding: string, limit: number): Uint8Array {
  const codings = encoding
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  if (codings.length === 0) return bytes;
  if (codings.length > 2) throw new ConnectorError("UnsupportedMediaType", { message: UNSUPPORTED_ENCODING });
  let out = bytes;
  for (const coding of codings.reverse()) {
    const options = { maxOutputLength: Math.max(limit, 1) };
    try {
      if (coding === "gzip" || coding === "x-gzip") out = gunzipSync(out, options);
      else if (coding === "deflate") out = inflateSync(out, options);
      else if (coding === "br") out = brotliDecompressSync(out, options);
      else throw new ConnectorError("UnsupportedMediaType", { message: UNSUPPORTED_ENCODING });
    } catch (error) {
      if (error instanceof ConnectorError) throw error;
      if (error instanceof RangeError) throw tooLarge(limit);
      throw new ConnectorError("BadRequest", { message: "The request body could not be decompressed." });
    }
    if (out.byteLength > limit) throw tooLarge(limit);
  }
  return out;
}

const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();
const incomplete = (): ConnectorError =>
  new ConnectorError("BadRequest", { message: "The request body was not received completely." });

interface NodeReadable {
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
  resume(): unknown;
  readableEnded?: boolean;
}

function isNodeReadable(s: unknown): s is NodeReadable {
  const r = s as Partial<NodeReadable>;
  return typeof r.on === "function" && typeof r.off === "function" && typeof r.resume === "function";
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function asBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === "string") return encoder.encode(chunk);
  throw new ConnectorError("BadRequest", { message: "The request body could not be read." });
}

// A Node stream: events, so that stopping at the limit discards the rest (`resume`) instead of destroying the
// socket the answer must go out on.
function readNode(stream: NodeReadable, limit: number): Promise<Uint8Array> {
  if (stream.readableEnded) return Promise.resolve(EMPTY);
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const done = (error: ConnectorError | undefined): void => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.off("close", onClose);
      if (error) {
        stream.resume(); // discard the rest
        reject(error);
      } else resolve(concat(chunks, size));
    };
    const onData = (chunk: unknown): void => {
      let bytes: Uint8Array;
      try {
        bytes = asBytes(chunk);
      } catch (error) {
        done(error as ConnectorError);
        return;
      }
      size += bytes.byteLength;
      if (size > limit) done(tooLarge(limit));
      else chunks.push(bytes);
    };
    const onEnd = (): void => done(undefined);
    const onError = (): void => done(incomplete());
    const onClose = (): void => done(incomplete()); // closed before `end`: the client went away
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    stream.on("close", onClose);
  });
}

async function readWeb(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return concat(chunks, size);
      const bytes = asBytes(value);
      size += bytes.byteLength;
      if (size > limit) {
        reader.cancel().catch(() => {});
        throw tooLarge(limit);
      }
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    throw incomplete();
  } finally {
    reader.releaseLock();
  }
}

async function readIterable(stream: AsyncIterable<unknown>, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const bytes = asBytes(chunk);
      size += bytes.byteLength;
      if (size > limit) throw tooLarge(limit); // leaving the loop ends the iterator
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    throw incomplete();
  }
  return concat(chunks, size);
}

/** Reads a body stream up to `limit` bytes. @internal */
export function readStream(stream: BodyStream, limit: number): Promise<Uint8Array> {
  if (isNodeReadable(stream)) return readNode(stream, limit);
  if (typeof (stream as ReadableStream).getReader === "function")
    return readWeb(stream as ReadableStream<Uint8Array>, limit);
  if (typeof (stream as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function")
    return readIterable(stream as AsyncIterable<unknown>, limit);
  return Promise.reject(new ConnectorError("BadRequest", { message: "The request body could not be read." }));
}

const bytesRead = new WeakMap<ConnectorRequest, Promise<Uint8Array>>();

/**
 * The raw bytes of a request body, read once (later calls share the first read) and at most `maxBodyBytes`
 * long. Rejects with a {@link ConnectorError}: 413 above the limit (declared `Content-Length` or actual bytes),
 * 400 when the client went away mid-body. Empty when the request has no body.
 *
 * @param req - the request, as the core received it.
 * @param maxBodyBytes - the limit in bytes.
 * @returns the body bytes.
 * @example
 * ```ts
 * const bytes = await requestBodyBytes(ctx.request, 1_000_000); // e.g. to check a webhook signature
 * ```
 */
export function requestBodyBytes(req: ConnectorRequest, maxBodyBytes: number): Promise<Uint8Array> {
  let read = bytesRead.get(req);
  if (!read) {
    read = readBytes(req, maxBodyBytes);
    bytesRead.set(req, read);
  }
  return read;
}

async function readBytes(req: ConnectorRequest, limit: number): Promise<Uint8Array> {
  if (req.bodyError instanceof ConnectorError) throw req.bodyError;
  if (req.bodyTooLarge === true) throw tooLarge(limit);
  const raw = req.rawBody;
  if (typeof raw === "string") {
    const bytes = encoder.encode(raw);
    if (bytes.byteLength > limit) throw tooLarge(limit);
    return bytes;
  }
  if (raw instanceof Uint8Array) {
    if (raw.byteLength > limit) throw tooLarge(limit);
    return raw;
  }
  const stream = req.bodyStream;
  if (stream === undefined || stream === null) return EMPTY;
  const declared = Number(headerText(req.headers["content-length"]));
  if (declared > limit) {
    discard(stream);
    throw tooLarge(limit);
  }
  return readStream(stream, limit);
}

function discard(stream: BodyStream): void {
  try {
    if (isNodeReadable(stream)) stream.resume();
    else if (typeof (stream as ReadableStream).cancel === "function")
      (stream as ReadableStream).cancel().catch(() => {});
  } catch {
    // already consumed or locked: nothing to discard
  }
}

/**
 * Reads, decodes and parses a request body with the parser for its content type (see {@link BODY_PARSERS}).
 * `Content-Encoding` gzip, deflate and br are decompressed (at most `maxBodyBytes` out); other encodings and
 * charsets other than UTF-8 answer 415. Returns `undefined` for an empty body. A body a host framework already parsed (`req.body`, e.g. from
 * `express.json()`) is checked and passed on. Rejects with 400 (malformed, too deep), 413 (over the limit) or
 * 415 (no parser for the content type).
 *
 * @param req - the request.
 * @param maxBodyBytes - the limit in bytes.
 * @returns the parsed body, or `undefined` when there is none.
 * @example
 * ```ts
 * const body = await readRequestBody(request, PLATFORM_MAX_BODY_BYTES);
 * ```
 */
export async function readRequestBody(req: ConnectorRequest, maxBodyBytes: number): Promise<unknown> {
  const hasRaw =
    req.rawBody !== undefined ||
    (req.bodyStream !== undefined && req.bodyStream !== null) ||
    req.bodyTooLarge === true ||
    req.bodyError !== undefined;
  if (!hasRaw) return hostParsedBody(req, maxBodyBytes);
  const raw = await requestBodyBytes(req, maxBodyBytes);
  if (raw.byteLength === 0) return undefined;
  const contentType = headerText(req.headers["content-type"]);
  checkCharset(contentType);
  const bytes = decodeContent(raw, headerText(req.headers["content-encoding"]), maxBodyBytes);
  const mediaType = mediaTypeOf(contentType);
  return parserFor(mediaType).parse(bytes, mediaType);
}

function parserFor(mediaType: string): BodyParser {
  const parser = BODY_PARSERS.find((p) => p.matches(mediaType));
  if (parser) return parser;
  throw new ConnectorError("UnsupportedMediaType", {
    message: `Request body must be application/json (got ${mediaType === "" ? "no content type" : safeMediaType(mediaType)}).`,
  });
}

/**
 * A body the host framework already parsed (e.g. `express.json()`, `express.urlencoded()` installed app-wide):
 * the core still decides. Its media type must be one an operation accepts (a form parsed by the host does not
 * reach a JSON operation; a value handed over without a content type is taken as JSON), and the limit holds: against the declared length, or, for a chunked body, against
 * the size of the parsed value serialized back (a lower bound of the bytes that arrived).
 */
function hostParsedBody(req: ConnectorRequest, maxBodyBytes: number): unknown {
  if (Number(headerText(req.headers["content-length"])) > maxBodyBytes) throw tooLarge(maxBodyBytes);
  if (req.body === undefined) return undefined;
  const contentType = headerText(req.headers["content-type"]);
  checkCharset(contentType);
  // No content type: the host handed a value over without one (an in-process call, a job written by an older
  // release) and vouches for it as JSON. A declared one must be a type an operation accepts.
  const mediaType = mediaTypeOf(contentType);
  const parser = mediaType === "" ? json : parserFor(mediaType);
  parser.check?.(req.body);
  if (req.headers["content-length"] === undefined && serializedBytes(req.body, maxBodyBytes) > maxBodyBytes) {
    throw tooLarge(maxBodyBytes);
  }
  return req.body;
}

// UTF-8 length of the value as JSON; 0 when it cannot be serialized (a cyclic value no wire parser makes: an
// in-process host's own object, passed on as before). Never throws.
function serializedBytes(value: unknown, maxBodyBytes: number): number {
  try {
    const text = JSON.stringify(value) ?? "";
    // a UTF-16 code unit is at most 3 UTF-8 bytes: count exactly only near the limit
    return text.length * 3 <= maxBodyBytes ? text.length : new TextEncoder().encode(text).byteLength;
  } catch {
    return 0;
  }
}

// Bodies are UTF-8 (RFC 8259 for JSON): any other declared charset is refused, whoever decoded the bytes.
function checkCharset(contentType: string): void {
  const charset = charsetOf(contentType);
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8")
    throw new ConnectorError("UnsupportedMediaType", { message: UNSUPPORTED_CHARSET });
}

// Echo a media type only when it looks like one (token/token, bounded), never arbitrary input.
function safeMediaType(mediaType: string): string {
  if (mediaType.length > 100) return "an unsupported content type";
  for (let i = 0; i < mediaType.length; i++) {
    const c = mediaType.charCodeAt(i);
    const ok =
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2f ||
      c === 0x2e ||
      c === 0x2b ||
      c === 0x2d;
    if (!ok) return "an unsupported content type";
  }
  return mediaType;
}
