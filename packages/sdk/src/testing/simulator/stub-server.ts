import { createServer, type IncomingHttpHeaders } from "node:http";
import { join } from "node:path";
import { CONNECTORS_DIR } from "../../../test/fixtures";

/**
 * A request received by a {@link startStubServer} server.
 * @internal
 */
export interface StubRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Raw request target (path + query). */
  url: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, the text if not JSON, `undefined` if empty. */
  body: unknown;
}

/**
 * What the stub answers.
 * @internal
 */
export interface StubReply {
  status: number;
  headers?: Record<string, string>;
  /** JSON body. */
  body?: unknown;
  /** Raw text body (wins over `body`). */
  text?: string;
  /** Real delay before answering. */
  delayMs?: number;
}

/**
 * A running loopback stub server.
 * @internal
 */
export interface StubServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

/**
 * Starts a tiny HTTP server on 127.0.0.1 (random port) for simulator tests. Bodies are limited to 1 MB.
 *
 * @internal
 * @example
 * ```ts
 * const stub = await startStubServer((req) => ({ status: 200, body: { path: req.path } }));
 * await stub.close();
 * ```
 */
export async function startStubServer(
  handler: (req: StubRequest, stub: StubServer) => StubReply | Promise<StubReply>,
): Promise<StubServer> {
  const requests: StubRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const stub: StubServer = { url: "", requests, close: async () => {} };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 1024 * 1024) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const request: StubRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      url: req.url ?? "/",
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    requests.push(request);
    let reply: StubReply;
    try {
      reply = await handler(request, stub);
    } catch (error) {
      reply = { status: 500, body: { error: String(error) } };
    }
    const send = (): void => {
      if (res.destroyed) return;
      const payload = reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
      const headers: Record<string, string> = { ...reply.headers };
      if (payload !== "" && reply.text === undefined) headers["content-type"] ??= "application/json";
      res.writeHead(reply.status, headers).end(payload);
    };
    if (reply.delayMs === undefined) send();
    else {
      const t = setTimeout(() => {
        timers.delete(t);
        send();
      }, reply.delayMs);
      timers.add(t);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  stub.url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return stub;
}

/** The reference connectors the simulator tests drive, by short name (folders of `fixtures/connectors`). */
const FIXTURE_CONNECTORS = {
  "feathery-forms": "Feathery Forms",
  "gravity-forms": "Gravity Forms by reenhanced",
  imis: "iMIS",
  jira: "JIRA",
  jupyrest: "Jupyrest",
  "plumsail-documents": "Plumsail Documents",
} as const;

/**
 * Absolute path of a reference connector's swagger, vendored in the repository's `fixtures/connectors`.
 * @internal
 * @example
 * ```ts
 * const path = fixturePath("jupyrest");
 * ```
 */
export function fixturePath(name: keyof typeof FIXTURE_CONNECTORS): string {
  return join(CONNECTORS_DIR, FIXTURE_CONNECTORS[name], "apiDefinition.swagger.json");
}
