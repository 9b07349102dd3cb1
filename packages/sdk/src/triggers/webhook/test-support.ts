/**
 * Loopback servers for webhook tests and the bench: a callback receiver and a node:http bridge to a
 * connector handler. Test-only (not exported from the package).
 * @internal
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ConnectorHandler } from "../../http/create-handler";
import type { ConnectorResponse } from "../../http/types";

/** One request the receiver got. @internal */
export interface ReceivedDelivery {
  path: string;
  deliveryId: string | undefined;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}

/** How the receiver answers one request. @internal */
export interface ReceiverReply {
  status: number;
  headers?: Record<string, string>;
  /** Answer only after this many ms (to provoke client timeouts). */
  delayMs?: number;
}

/** A running receiver. @internal */
export interface Receiver {
  url: string;
  port: number;
  deliveries: ReceivedDelivery[];
  /** Deliveries counted without storing them (bench). */
  count: number;
  /** TCP connections accepted. */
  connections: number;
  /** Most requests in flight at once. */
  maxInFlight: number;
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

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Starts a callback receiver on 127.0.0.1:0. `reply` decides each answer (default 200).
 * @internal
 */
export async function startReceiver(
  reply: (req: IncomingMessage, n: number) => ReceiverReply = () => ({ status: 200 }),
  options: { record?: boolean } = {},
): Promise<Receiver> {
  const record = options.record ?? true;
  let n = 0;
  const state: Receiver = {
    url: "",
    port: 0,
    deliveries: [],
    count: 0,
    connections: 0,
    maxInFlight: 0,
    close: async () => {},
  };
  let inFlight = 0;
  const server = createServer(async (req, res) => {
    inFlight += 1;
    if (inFlight > state.maxInFlight) state.maxInFlight = inFlight;
    res.on("close", () => {
      inFlight -= 1;
    });
    const body = await readBody(req);
    n += 1;
    state.count += 1;
    if (record) {
      const id = req.headers["x-connectorkit-delivery-id"];
      state.deliveries.push({
        path: req.url ?? "",
        deliveryId: Array.isArray(id) ? id[0] : id,
        headers: req.headers,
        body: body.toString("utf8"),
        at: Date.now(),
      });
    }
    const r = reply(req, n);
    const send = (): void => {
      if (res.destroyed) return;
      res.writeHead(r.status, r.headers ?? {});
      res.end();
    };
    if (r.delayMs) setTimeout(send, r.delayMs).unref();
    else send();
  });
  server.keepAliveTimeout = 60_000;
  server.on("connection", () => {
    state.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  state.port = port;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () => closeServer(server);
  return state;
}

/** A running connector bridge. @internal */
export interface Bridge {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Serves a connector handler over node:http on 127.0.0.1:0, mounted at `mount` (e.g. `/api`).
 * @internal
 */
export async function startBridge(handler: ConnectorHandler, mount = ""): Promise<Bridge> {
  let baseUrl = "";
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rawBody = await readBody(req);
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    let response: ConnectorResponse;
    if (!url.pathname.startsWith(mount)) response = { status: 404, headers: {} };
    else {
      response = await handler.handle({
        method: req.method ?? "GET",
        path: url.pathname.slice(mount.length) || "/",
        query,
        headers: req.headers,
        rawBody,
        baseUrl,
      });
    }
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}${mount}`;
  return { baseUrl, close: () => closeServer(server) };
}
