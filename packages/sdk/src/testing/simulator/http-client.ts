import { type FormData, request } from "undici";
import type { ConnectionCredentials } from "./auth";
import { ContractViolationError, SimulatorError } from "./errors";
import type { Clock, TraceEntry } from "./types";

/**
 * Resolved limits (every field set).
 * @internal
 */
export interface ResolvedLimits {
  syncTimeoutMs: number;
  asyncTimeoutMs: number;
  defaultRetryAfterMs: number;
  maxResponseBytes: number;
  maxStatusPolls: number;
}

/**
 * Everything one simulated call needs.
 * @internal
 */
export interface CallContext {
  clock: Clock;
  /** Clock time the simulator was created at (trace `at` is relative to it). */
  epoch: number;
  limits: ResolvedLimits;
  trace: TraceEntry[];
  operationId: string;
  credentials: ConnectionCredentials;
  /** Origin (scheme://host:port) the credentials may be sent to. */
  origin: string;
}

/**
 * A response as read by the simulator.
 * @internal
 */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** `false` when a non-empty body was not JSON. */
  json: boolean;
}

/**
 * Sends one request with the connection's credentials (only to the connector's own origin), the synchronous
 * timeout and the response size limit, and records it in the trace.
 *
 * @internal
 * @example
 * ```ts
 * await send(ctx, { method: "GET", url: "http://127.0.0.1:3000/x", headers: {}, body: undefined }, "first call");
 * ```
 */
export async function send(
  ctx: CallContext,
  req: { method: string; url: string; headers: Record<string, string>; body: string | FormData | undefined },
  note?: string,
): Promise<SimResponse> {
  let url = req.url;
  const headers = { ...req.headers };
  const notes = note === undefined ? [] : [note];
  if (sameOrigin(url, ctx.origin)) {
    Object.assign(headers, ctx.credentials.headers);
    if (ctx.credentials.query.length > 0) {
      const u = new URL(url);
      for (const [k, v] of ctx.credentials.query) u.searchParams.set(k, v);
      url = u.toString();
    }
  } else if (Object.keys(ctx.credentials.headers).length > 0 || ctx.credentials.query.length > 0) {
    notes.push("(other origin: connection credentials not sent)");
  }
  const entry: TraceEntry = {
    method: req.method,
    url: req.url,
    status: 0,
    durationMs: 0,
    at: ctx.clock.now() - ctx.epoch,
  };
  if (notes.length > 0) entry.note = notes.join(" ");
  ctx.trace.push(entry);
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ctx.limits.syncTimeoutMs);
  try {
    const res = await request(url, {
      method: req.method as "GET",
      headers,
      body: req.body ?? null,
      signal: controller.signal,
    });
    entry.status = res.statusCode;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > ctx.limits.maxResponseBytes) {
        res.body.destroy();
        throw new ContractViolationError(
          "response.tooLarge",
          `${req.method} ${req.url} answered more than ${ctx.limits.maxResponseBytes} bytes`,
          { operationId: ctx.operationId, trace: ctx.trace },
        );
      }
      chunks.push(chunk as Buffer);
    }
    const resHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) resHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
    }
    const text = Buffer.concat(chunks).toString("utf8");
    return { status: res.statusCode, headers: resHeaders, ...parseBody(text) };
  } catch (error) {
    if (error instanceof SimulatorError) throw error;
    if (controller.signal.aborted) {
      appendNote(entry, "timed out");
      throw new ContractViolationError(
        "timeout.sync",
        `Request to the backend service timed out: ${req.method} ${req.url} did not answer within ${ctx.limits.syncTimeoutMs} ms`,
        { operationId: ctx.operationId, trace: ctx.trace, cause: error },
      );
    }
    appendNote(entry, `network error: ${(error as Error).message}`);
    throw new SimulatorError("network", `${req.method} ${req.url} failed: ${(error as Error).message}`, {
      operationId: ctx.operationId,
      trace: ctx.trace,
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    entry.durationMs = performance.now() - started;
  }
}

/**
 * Adds text to a trace entry's note.
 * @internal
 * @example
 * ```ts
 * appendNote(entry, "fired 3 runs");
 * ```
 */
export function appendNote(entry: TraceEntry | undefined, note: string): void {
  if (entry === undefined) return;
  entry.note = entry.note === undefined ? note : `${entry.note}; ${note}`;
}

function parseBody(text: string): { body: unknown; json: boolean } {
  if (text === "") return { body: undefined, json: true };
  try {
    return { body: JSON.parse(text), json: true };
  } catch {
    return { body: text, json: false };
  }
}

/**
 * Parses a Retry-After header (delta seconds or HTTP date) into milliseconds; `undefined` when absent or invalid.
 * @internal
 * @example
 * ```ts
 * parseRetryAfter("10"); // 10000
 * ```
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * `true` when `url` is absolute (has a scheme and host).
 * @internal
 * @example
 * ```ts
 * isAbsoluteUrl("/jobs/1"); // false
 * ```
 */
export function isAbsoluteUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === "http:" || u.protocol === "https:") && u.host !== "";
  } catch {
    return false;
  }
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}
