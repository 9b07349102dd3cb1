/**
 * Test support (not exported): a loopback HTTP server around a connector handler, a virtual clock, and the
 * platform engine's loops (follow Location, honour Retry-After) for long-running actions and polling triggers.
 * @internal
 * @module
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ConnectorHandler } from "../http/create-handler";
import type { ConnectorRequest } from "../http/types";

/** A running loopback server. @internal */
export interface LoopbackServer {
  /** Public base URL of the connector (origin + mount path). */
  readonly baseUrl: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Serves a handler on 127.0.0.1 (random port) below `mount`, translating node:http to ConnectorRequest.
 * @internal
 * @example
 * ```ts
 * const server = await serve(createHandler(connector), "/api");
 * ```
 */
export async function serve(handler: ConnectorHandler, mount = "/api"): Promise<LoopbackServer> {
  let baseUrl = "";
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (!url.pathname.startsWith(`${mount}/`) && url.pathname !== mount) {
      res.writeHead(404).end();
      return;
    }
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const rawBody = await readBody(req);
    const request: ConnectorRequest = {
      method: req.method ?? "GET",
      path: url.pathname.slice(mount.length) || "/",
      query,
      headers: req.headers,
      baseUrl,
    };
    if (rawBody.length > 0) request.rawBody = rawBody;
    const out = await handler.handle(request);
    res.writeHead(out.status, out.headers);
    res.end(out.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${mount}`;
  return {
    baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A clock whose time only moves when told to; timers fire as it passes them. @internal */
export interface VirtualClock {
  now(): number;
  /** Advances time by `ms`, fires due timers and lets the event loop run (background jobs, the server). */
  sleep(ms: number): Promise<void>;
  /** Resolves once the clock has passed `ms` from now. */
  delay(ms: number): Promise<void>;
  /** Every sleep, in milliseconds. */
  readonly sleeps: number[];
}

/** Creates a {@link VirtualClock}. @internal */
export function virtualClock(start = Date.UTC(2025, 0, 1)): VirtualClock {
  let now = start;
  const timers: { at: number; resolve: () => void }[] = [];
  const sleeps: number[] = [];
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
  };
  return {
    now: () => now,
    sleeps,
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
      for (const t of timers.filter((x) => x.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.resolve();
      }
      await settle();
    },
    delay(ms) {
      return new Promise<void>((resolve) => timers.push({ at: now + ms, resolve }));
    },
  };
}

/** One HTTP exchange as the engine saw it. @internal */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Virtual time of the call, relative to the loop's start. */
  at: number;
}

/** Sends one request as the engine would (connection headers on every call). @internal */
export async function call(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<Exchange> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] ??= "application/json";
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let parsed: unknown = text === "" ? undefined : text;
  if ((res.headers.get("content-type") ?? "").includes("json")) parsed = JSON.parse(text);
  const out: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    out[k] = v;
  });
  return { method, url, status: res.status, headers: out, body: parsed, at: 0 };
}

/** Options of the engine loops. @internal */
export interface EngineOptions {
  clock: VirtualClock;
  /** The connection's headers (sent with every call, status polls included, as the gateway does on its host). */
  headers?: Record<string, string>;
  /** Bound on calls. */
  maxCalls?: number;
}

/**
 * The platform's asynchronous pattern: send the start request, then while the answer is 202 wait Retry-After
 * (1 s default) and GET the absolute Location, until anything but 202.
 * @internal
 */
export async function runAction(
  method: string,
  url: string,
  body: unknown,
  options: EngineOptions,
): Promise<{ final: Exchange; exchanges: Exchange[] }> {
  const start = options.clock.now();
  const exchanges: Exchange[] = [];
  let res = await call(method, url, options.headers, body);
  exchanges.push(res);
  const max = options.maxCalls ?? 100;
  while (res.status === 202) {
    if (exchanges.length >= max) throw new Error(`still 202 after ${max} calls`);
    const location = res.headers["location"];
    if (!location || !/^https?:\/\//.test(location))
      throw new Error(`202 without an absolute Location: ${String(location)}`);
    const retryAfter = res.headers["retry-after"];
    await options.clock.sleep(retryAfter === undefined ? 1000 : Number(retryAfter) * 1000);
    res = { ...(await call("GET", location, options.headers)), at: options.clock.now() - start };
    exchanges.push(res);
  }
  return { final: res, exchanges };
}

/**
 * The platform's polling-trigger loop: call the trigger URL, then the Location of each 2xx answer after its
 * Retry-After, `polls` times. Each 200 fires runs (batch: one per item of `value`; single: one).
 * @internal
 */
export async function pollTrigger(
  url: string,
  polls: number,
  options: EngineOptions & { mode: "batch" | "single"; recurrenceMs?: number },
): Promise<{ runs: unknown[]; exchanges: Exchange[]; nextUrl: string }> {
  const start = options.clock.now();
  const exchanges: Exchange[] = [];
  const runs: unknown[] = [];
  let next = url;
  for (let i = 0; i < polls; i++) {
    const res = { ...(await call("GET", next, options.headers)), at: options.clock.now() - start };
    exchanges.push(res);
    let wait = options.recurrenceMs ?? 180_000;
    if (res.status >= 200 && res.status < 300) {
      if (res.status === 200) {
        if (options.mode === "batch") runs.push(...(res.body as { value: unknown[] }).value);
        else runs.push(res.body);
      }
      const location = res.headers["location"];
      if (location !== undefined) {
        if (!/^https?:\/\//.test(location)) throw new Error(`relative Location: ${location}`);
        next = location;
      }
      const retryAfter = res.headers["retry-after"];
      if (retryAfter !== undefined) wait = Number(retryAfter) * 1000;
    }
    if (i < polls - 1) await options.clock.sleep(wait);
  }
  return { runs, exchanges, nextUrl: next };
}
