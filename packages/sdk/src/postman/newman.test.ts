/**
 * End-to-end check of the exporter: the exported collection is run by newman (the Postman CLI runner, through its
 * Node API) against a real loopback HTTP server implementing a small connector. A correct server passes every
 * request; a misbehaving one must make newman report failures.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toPostmanCollection } from "./to-postman-collection";
import type { PostmanCollection, PostmanExportOptions } from "./types";

// newman ships no type declarations; this is the slice of its Node API used here.
interface NewmanFailure {
  error: { name: string; message: string; test?: string };
  source?: { name?: string };
}
interface NewmanSummary {
  run: {
    stats: Record<"requests" | "assertions", { total: number; failed: number }>;
    failures: NewmanFailure[];
  };
}
interface NewmanApi {
  run(
    options: Record<string, unknown>,
    callback: (error: Error | null, summary: NewmanSummary) => void,
  ): { on(event: string, listener: (...args: unknown[]) => void): void };
}
const newman = createRequire(import.meta.url)("newman") as NewmanApi;

function runNewman(collection: PostmanCollection, env: Record<string, string>): Promise<NewmanSummary> {
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection,
        envVar: Object.entries(env).map(([key, value]) => ({ key, value })),
        reporters: [],
        timeoutRequest: 5_000,
        timeout: 30_000,
      },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    );
  });
}

const API_KEY = "s3cret";

/** The connector under test, as its author would publish it. */
const todoSwagger = {
  swagger: "2.0",
  info: { title: "Todo", version: "1.0", description: "A small todo connector." },
  host: "todo.example.invalid",
  basePath: "/api",
  schemes: ["https"],
  consumes: ["application/json"],
  produces: ["application/json"],
  securityDefinitions: { key: { type: "apiKey", in: "header", name: "X-API-Key" } },
  security: [{ key: [] }],
  tags: [{ name: "Items", description: "Todo items" }],
  paths: {
    "/items": {
      get: {
        operationId: "ListItems",
        summary: "List items",
        tags: ["Items"],
        parameters: [
          { name: "top", in: "query", required: true, type: "integer", "x-ms-test-value": 5 },
          { name: "status", in: "query", required: false, type: "string", enum: ["open", "done"] },
        ],
        responses: {
          "200": { description: "OK", schema: { type: "array", items: { $ref: "#/definitions/Item" } } },
        },
      },
      post: {
        operationId: "CreateItem",
        summary: "Create item",
        tags: ["Items"],
        parameters: [{ name: "item", in: "body", required: true, schema: { $ref: "#/definitions/NewItem" } }],
        responses: { "201": { description: "Created", schema: { $ref: "#/definitions/Item" } } },
      },
    },
    "/items/{itemId}": {
      parameters: [{ name: "itemId", in: "path", required: true, type: "string", "x-ms-test-value": "42" }],
      get: {
        operationId: "GetItem",
        summary: "Get item",
        tags: ["Items"],
        responses: { "200": { description: "OK", schema: { $ref: "#/definitions/Item" } } },
      },
      patch: {
        operationId: "UpdateItem",
        summary: "Update item",
        tags: ["Items"],
        parameters: [
          { name: "If-Match", in: "header", required: true, type: "string", default: "*" },
          { name: "patch", in: "body", required: true, schema: { $ref: "#/definitions/NewItem" } },
        ],
        responses: { "200": { description: "OK", schema: { $ref: "#/definitions/Item" } } },
      },
      delete: {
        operationId: "DeleteItem",
        summary: "Delete item",
        tags: ["Items"],
        responses: { "204": { description: "Deleted" } },
      },
    },
    "/feedback": {
      post: {
        operationId: "SendFeedback",
        summary: "Send feedback",
        consumes: ["application/x-www-form-urlencoded"],
        parameters: [
          { name: "rating", in: "formData", required: true, type: "integer", enum: [5, 4, 3, 2, 1] },
          { name: "comment", in: "formData", required: false, type: "string" },
        ],
        responses: { "200": { description: "OK" } },
      },
    },
    "/health": {
      get: {
        operationId: "Health",
        summary: "Health",
        security: [],
        responses: { "200": { description: "OK" } },
      },
    },
  },
  definitions: {
    NewItem: {
      type: "object",
      required: ["title"],
      properties: {
        title: { type: "string", "x-ms-test-value": "Buy milk" },
        done: { type: "boolean", default: false },
        due: { type: "string", format: "date-time" },
      },
    },
    Item: {
      allOf: [
        { $ref: "#/definitions/NewItem" },
        { type: "object", properties: { id: { type: "string", readOnly: true } } },
      ],
    },
  },
};

interface Received {
  method: string;
  url: string;
  apiKey: string | undefined;
  contentType: string | undefined;
  body: string;
}

type Mode = "correct" | "broken";

/** A faithful implementation of the Todo connector (mode "correct"), or one with two bugs (mode "broken"). */
function startTodoServer(getMode: () => Mode, log: Received[]): Promise<Server> {
  const server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const entry: Received = {
        method: req.method ?? "",
        url: `${url.pathname}${url.search}`,
        apiKey: req.headers["x-api-key"] as string | undefined,
        contentType: req.headers["content-type"],
        body,
      };
      log.push(entry);
      const send = (status: number, payload?: unknown): void => {
        res.writeHead(status, payload === undefined ? {} : { "content-type": "application/json" });
        res.end(payload === undefined ? undefined : JSON.stringify(payload));
      };
      const item = { id: "42", title: "Buy milk", done: false };
      if (url.pathname === "/api/health" && req.method === "GET") return send(200, { ok: true });
      if (entry.apiKey !== API_KEY) return send(401, { error: { code: "Unauthorized", message: "bad key" } });
      const json = (): { title?: unknown } | undefined => {
        try {
          const parsed: unknown = JSON.parse(body);
          return typeof parsed === "object" && parsed !== null ? (parsed as { title?: unknown }) : undefined;
        } catch {
          return undefined;
        }
      };
      const validNewItem = (): boolean =>
        (entry.contentType ?? "").startsWith("application/json") && typeof json()?.title === "string";
      const broken = getMode() === "broken";
      if (url.pathname === "/api/items" && req.method === "GET") {
        if (!/^\d+$/.test(url.searchParams.get("top") ?? ""))
          return send(400, { error: "top must be an integer" });
        return send(200, [item]);
      }
      if (url.pathname === "/api/items" && req.method === "POST") {
        if (broken) return send(500, { error: "database unavailable" });
        return validNewItem() ? send(201, item) : send(400, { error: "title is required" });
      }
      if (url.pathname === "/api/items/42") {
        if (req.method === "GET") return broken ? send(404, { error: "not found" }) : send(200, item);
        if (req.method === "PATCH") {
          if (req.headers["if-match"] !== "*") return send(412, { error: "If-Match required" });
          return validNewItem() ? send(200, item) : send(400, { error: "bad patch" });
        }
        if (req.method === "DELETE") return send(204);
      }
      if (url.pathname === "/api/feedback" && req.method === "POST") {
        const form = new URLSearchParams(body);
        const ok =
          (entry.contentType ?? "").startsWith("application/x-www-form-urlencoded") &&
          form.get("rating") === "5";
        return ok ? send(200, { thanks: true }) : send(400, { error: "rating is required" });
      }
      return send(404, { error: `no route ${req.method} ${url.pathname}` });
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// newman boots a script sandbox per run: allow for a loaded 2-core machine.
describe("exported collection run by newman against a loopback connector", { timeout: 30_000 }, () => {
  let server: Server;
  let baseUrl: string;
  let mode: Mode = "correct";
  const log: Received[] = [];

  beforeAll(async () => {
    server = await startTodoServer(() => mode, log);
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const run = async (m: Mode, env: Record<string, string>, options?: PostmanExportOptions) => {
    mode = m;
    log.length = 0;
    return runNewman(toPostmanCollection(todoSwagger, options), { baseUrl, ...env });
  };

  it("passes every request when the server implements the connector", async () => {
    const summary = await run("correct", { apiKey: API_KEY });
    expect(summary.run.failures.map((f) => `${f.source?.name}: ${f.error.message}`)).toEqual([]);
    expect(summary.run.stats.requests).toMatchObject({ total: 7, failed: 0 });
    expect(summary.run.stats.assertions).toMatchObject({ total: 7, failed: 0 });
    // What actually reached the server: auth, path variables, query, headers and bodies from the samples.
    expect(log.map((r) => `${r.method} ${r.url} key=${r.apiKey ?? "-"}`)).toEqual([
      `GET /api/items?top=5 key=${API_KEY}`,
      `POST /api/items key=${API_KEY}`,
      `GET /api/items/42 key=${API_KEY}`,
      `PATCH /api/items/42 key=${API_KEY}`,
      `DELETE /api/items/42 key=${API_KEY}`,
      `POST /api/feedback key=${API_KEY}`,
      "GET /api/health key=-",
    ]);
    expect(JSON.parse(log[1]!.body)).toEqual({ title: "Buy milk", done: false, due: "2024-01-01T00:00:00Z" });
    expect(log[5]!.body).toBe("rating=5");
  });

  it("reports failures when the server misbehaves", async () => {
    const summary = await run("broken", { apiKey: API_KEY });
    expect(summary.run.stats.assertions).toMatchObject({ total: 7, failed: 2 });
    expect(summary.run.failures.map((f) => [f.source?.name, f.error.name, f.error.test])).toEqual([
      ["Create item", "AssertionError", "CreateItem responds with a 2xx status"],
      ["Get item", "AssertionError", "GetItem responds with a 2xx status"],
    ]);
    expect(summary.run.failures[0]!.error.message).toMatch(
      /HTTP status: expected 500 to be within 200\.\.299/,
    );
  });

  it("reports failures when the credentials are wrong (auth really is sent from {{apiKey}})", async () => {
    const summary = await run("correct", { apiKey: "wrong" });
    expect(summary.run.stats.assertions).toMatchObject({ total: 7, failed: 6 });
    expect(log.filter((r) => r.apiKey === "wrong")).toHaveLength(6);
  });

  it("makes no assertions when tests are turned off, so the check comes from the exported scripts", async () => {
    const summary = await run("broken", { apiKey: API_KEY }, { tests: false });
    expect(summary.run.stats.assertions.total).toBe(0);
    expect(summary.run.failures).toEqual([]);
    expect(summary.run.stats.requests.total).toBe(7);
  });
});

describe("basic and OAuth 2.0 auth exported for newman", { timeout: 30_000 }, () => {
  const seen: (string | undefined)[] = [];
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      const ok =
        req.headers.authorization === "Basic dXNlcjpwYXNz" || req.headers.authorization === "Bearer tok-123";
      res.writeHead(ok ? 200 : 401).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const swagger = (securityDefinitions: Record<string, unknown>) => ({
    swagger: "2.0",
    info: { title: "Auth", version: "1" },
    host: "example.invalid",
    securityDefinitions,
    paths: { "/me": { get: { operationId: "Me", responses: { "200": { description: "OK" } } } } },
  });

  it.each([
    ["basic", { b: { type: "basic" } }, { username: "user", password: "pass" }, "Basic dXNlcjpwYXNz"],
    [
      "oauth2",
      {
        o: {
          type: "oauth2",
          flow: "accessCode",
          authorizationUrl: "https://a",
          tokenUrl: "https://t",
          scopes: {},
        },
      },
      { accessToken: "tok-123" },
      "Bearer tok-123",
    ],
  ])("sends %s credentials from environment variables", async (_kind, defs, env, expected) => {
    seen.length = 0;
    const good = await runNewman(toPostmanCollection(swagger(defs)), { baseUrl, ...env });
    expect(good.run.failures).toEqual([]);
    expect(seen).toEqual([expected]);
    const bad = await runNewman(toPostmanCollection(swagger(defs)), { baseUrl });
    expect(bad.run.stats.assertions.failed).toBe(1);
  });
});
