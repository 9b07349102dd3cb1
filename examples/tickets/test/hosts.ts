/**
 * The example connector served over real HTTP on loopback by each adapter, so the flow simulator can talk to it
 * the way Power Automate talks to a deployed connector.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import az from "@azure/functions";
import { createAzureHandler } from "@connectorkit/azure-functions";
import { connectorRouter } from "@connectorkit/express";
import express from "express";
import { connector, runtimeOptions } from "../src/connector";

/**
 * A running host of the example connector.
 *
 * @example
 * ```ts
 * const host = await startExpressHost();
 * await fetch(`${host.baseUrl}/me`, { headers: { "x-api-key": API_KEYS[0] } });
 * await host.close();
 * ```
 */
export interface TestHost {
  /** Which adapter serves the connector ("Express" or "Azure Functions"). */
  readonly name: string;
  /** Origin plus the connector's mount path `/api`, no trailing slash. */
  readonly baseUrl: string;
  /** Stops the server and drops its open connections. */
  close(): Promise<void>;
}

/**
 * Serves the connector from a real Express 5 app (`connectorRouter` mounted at `/api`) on 127.0.0.1, port 0.
 *
 * @returns the running host.
 * @example
 * ```ts
 * const host = await startExpressHost();
 * ```
 */
export async function startExpressHost(): Promise<TestHost> {
  const app = express();
  app.use("/api", connectorRouter(connector, { ...runtimeOptions() }));
  return listen("Express", createServer(app));
}

/**
 * Serves the connector through the Azure Functions v4 handler: a node:http server on 127.0.0.1, port 0, turns
 * each request into a real `HttpRequest` (method, URL, headers, body bytes, as the Functions host does) and
 * calls `createAzureHandler(...)` with a real `InvocationContext`, then writes back the `HttpResponseInit`.
 *
 * @returns the running host.
 * @example
 * ```ts
 * const host = await startAzureFunctionsHost();
 * ```
 */
export async function startAzureFunctionsHost(): Promise<TestHost> {
  const handle = createAzureHandler(connector, {
    ...runtimeOptions(),
    routePrefix: "api",
    allowInProcessJobs: true,
  });
  let invocation = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const bytes = await readAll(req);
      const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
      const url = new URL(req.url ?? "/", origin);
      const request = new az.HttpRequest({
        method: req.method ?? "GET",
        url: url.href,
        headers: flattenHeaders(req),
        ...(bytes.byteLength > 0 ? { body: { bytes } } : {}),
        // the function's route is `{*path}` below the route prefix, as registerConnector declares it
        params: { path: url.pathname.replace(/^\/api\/?/, "") },
      });
      const context = new az.InvocationContext({
        invocationId: `inv-${++invocation}`,
        functionName: "connector",
      });
      // The host turns the returned init into an HttpResponse before sending; do the same.
      const out = new az.HttpResponse(await handle(request, context));
      const body = Buffer.from(await out.arrayBuffer());
      const headers: Record<string, string> = {};
      for (const [name, value] of out.headers) headers[name] = value;
      delete headers["transfer-encoding"];
      headers["content-length"] = String(body.byteLength);
      res.writeHead(out.status, headers).end(req.method === "HEAD" ? undefined : body);
    })().catch((error: unknown) => {
      // The handler never rejects; reaching here is a bridge bug, so make it loud.
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`azure test bridge failed: ${String(error)}`);
    });
  });
  return listen("Azure Functions", server);
}

async function listen(name: string, server: Server): Promise<TestHost> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    name,
    baseUrl: `http://127.0.0.1:${port}/api`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}
