import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConnectorError } from "../errors/connector-error";
import { action } from "../operation/action";
import { defineConnector } from "../operation/define-connector";
import { createHandler } from "./create-handler";
import { toQueryRecord } from "./query";
import type { ConnectorRequest } from "./types";

const Item = z.object({ id: z.string(), n: z.number(), when: z.date().optional() });
const getItem = action({
  operationId: "GetItem",
  summary: "Get an item",
  description: "Gets one.",
  method: "get",
  path: "/items/{id}",
  request: {
    params: z.object({ id: z.string().min(1) }),
    query: z.object({
      n: z.number().int().default(1),
      tags: z.array(z.string()).optional(),
      flag: z.boolean().optional(),
    }),
    headers: z.object({ "X-Tenant": z.string().optional() }),
  },
  responses: { 200: Item, 404: undefined },
  handler: async ({ params, query, headers }) => {
    if (params.id === "missing") return { status: 404 };
    if (params.id === "boom") throw new Error("database password is hunter2");
    if (params.id === "teapot") throw new ConnectorError("Conflict", { message: "Already exists." });
    return {
      status: 200,
      body: {
        id: `${params.id}|${headers["X-Tenant"] ?? ""}|${(query.tags ?? []).join("+")}|${query.flag}`,
        n: query.n,
      },
    };
  },
});
const createItem = action({
  operationId: "CreateItem",
  summary: "Create an item",
  description: "Creates one.",
  method: "post",
  path: "/items",
  request: { body: z.object({ n: z.number(), extra: z.string().max(5).optional() }) },
  responses: { 201: Item },
  handler: async ({ body }) => ({ status: 201, body: { id: "new", n: body.n, secret: "leak" } as never }),
});
const badOutput = action({
  operationId: "Bad",
  summary: "Bad",
  description: "Returns a body that breaks its schema.",
  method: "get",
  path: "/bad",
  responses: { 200: Item },
  handler: async () => ({ status: 200, body: { id: 1 } as never }),
});
const connector = defineConnector({
  title: "Test",
  description: "A connector for runtime tests.",
  basePath: "/api",
  operations: [getItem, createItem, badOutput],
});

function req(partial: Partial<ConnectorRequest> & { method: string; path: string }): ConnectorRequest {
  return { query: {}, headers: {}, baseUrl: "https://example.com/api", ...partial };
}
const json = (body: string | undefined) => (body === undefined ? undefined : JSON.parse(body));

describe("createHandler", () => {
  const errors: ConnectorError[] = [];
  const handler = createHandler(connector, { validateResponses: true, onError: (e) => errors.push(e) });

  it("routes, coerces path/query/header strings and answers JSON", async () => {
    const res = await handler.handle(
      req({
        method: "GET",
        path: "/items/a%2Fb%20%E2%9C%93",
        query: { n: "7", tags: ["x", "y"], flag: "true" },
        headers: { "x-tenant": "t1" },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(json(res.body)).toEqual({ id: "a/b ✓|t1|x+y|true", n: 7 });
  });

  it("splits one comma-separated value for array query parameters", async () => {
    const res = await handler.handle(req({ method: "GET", path: "/items/a", query: { tags: "x,y" } }));
    expect(json(res.body).id).toBe("a||x+y|undefined");
  });

  it("answers 400 naming every failing field and its location", async () => {
    const res = await handler.handle(
      req({ method: "GET", path: "/items/a", query: { n: "1.5", flag: "maybe" } }),
    );
    expect(res.status).toBe(400);
    const body = json(res.body);
    expect(body.error.code).toBe("BadRequest");
    expect(
      body.error.details.map((d: { target: string; location: string }) => [d.target, d.location]),
    ).toEqual([
      ["query.n", "query"],
      ["query.flag", "query"],
    ]);
  });

  it("validates the body and strips undeclared response keys", async () => {
    const ok = await handler.handle(
      req({
        method: "POST",
        path: "/items",
        headers: { "content-type": "application/json" },
        rawBody: '{"n":3}',
      }),
    );
    expect(ok.status).toBe(201);
    expect(json(ok.body)).toEqual({ id: "new", n: 3 });
    const bad = await handler.handle(
      req({
        method: "POST",
        path: "/items",
        headers: { "content-type": "application/json" },
        rawBody: '{"n":"x","extra":"toolong"}',
      }),
    );
    expect(json(bad.body).error.details.map((d: { target: string }) => d.target)).toEqual([
      "body.n",
      "body.extra",
    ]);
  });

  it("accepts an already-parsed body", async () => {
    const res = await handler.handle(req({ method: "POST", path: "/items", body: { n: 1 } }));
    expect(res.status).toBe(201);
  });

  it.each([
    ["malformed JSON", { "content-type": "application/json" }, "{", 400, "BadRequest"],
    ["a missing body", { "content-type": "application/json" }, "", 400, "BadRequest"],
    ["a wrong content type", { "content-type": "text/plain" }, '{"n":1}', 415, "UnsupportedMediaType"],
    [
      "invalid UTF-8",
      { "content-type": "application/json" },
      new Uint8Array([0x7b, 0xff, 0x7d]),
      400,
      "BadRequest",
    ],
    [
      "an oversized body",
      { "content-type": "application/json" },
      `{"n":1,"pad":"${"x".repeat(3_200_000)}"}`,
      413,
      "PayloadTooLarge",
    ],
  ])("answers %s with the standard error body", async (_name, headers, rawBody, status, code) => {
    const res = await handler.handle(req({ method: "POST", path: "/items", headers, rawBody }));
    expect(res.status).toBe(status);
    expect(json(res.body).error.code).toBe(code);
  });

  it("404 for unknown routes, 405 with Allow for wrong methods", async () => {
    const nf = await handler.handle(req({ method: "GET", path: "/nope" }));
    expect([nf.status, json(nf.body).error.code]).toEqual([404, "NotFound"]);
    const na = await handler.handle(req({ method: "DELETE", path: "/items/1" }));
    expect([na.status, na.headers["allow"], json(na.body).error.code]).toEqual([
      405,
      "GET",
      "MethodNotAllowed",
    ]);
  });

  it("400 for a path parameter with broken percent-encoding", async () => {
    const res = await handler.handle(req({ method: "GET", path: "/items/%E0%A4%A" }));
    expect(res.status).toBe(400);
  });

  it("a declared status without body, and ConnectorError thrown by a handler", async () => {
    expect(await handler.handle(req({ method: "GET", path: "/items/missing" }))).toEqual({
      status: 404,
      headers: {},
    });
    const conflict = await handler.handle(req({ method: "GET", path: "/items/teapot" }));
    expect([conflict.status, json(conflict.body)]).toEqual([
      409,
      { error: { code: "Conflict", message: "Already exists." } },
    ]);
  });

  it("a throwing handler answers 500 without internals and reaches onError", async () => {
    errors.length = 0;
    const res = await handler.handle(req({ method: "GET", path: "/items/boom" }));
    expect(res.status).toBe(500);
    expect(res.body).not.toContain("hunter2");
    expect(json(res.body)).toEqual({
      error: { code: "InternalServerError", message: "Internal Server Error" },
    });
    expect(errors).toHaveLength(1);
    expect((errors[0]!.cause as Error).message).toContain("hunter2");
  });

  it("a response that breaks its schema is a 500 in development, sent as is when validation is off", async () => {
    const res = await handler.handle(req({ method: "GET", path: "/bad" }));
    expect(res.status).toBe(500);
    const off = createHandler(connector, { validateResponses: false });
    expect((await off.handle(req({ method: "GET", path: "/bad" }))).status).toBe(200);
  });

  it("never rejects, whatever the request", async () => {
    const hostile = [
      { method: undefined, path: undefined },
      { method: "GET", path: "/items/a", query: { n: { toString: null } } },
      {
        method: "POST",
        path: "/items",
        headers: { "content-type": ["application/json", "x"] },
        rawBody: "[]",
      },
      { method: "GET", path: `/${"a/".repeat(10_000)}` },
    ] as unknown as ConnectorRequest[];
    for (const r of hostile) {
      const res = await handler.handle({ ...req({ method: "GET", path: "/" }), ...r });
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
  });

  it("lists its routes with the base path", () => {
    expect(handler.routes).toEqual([
      { method: "GET", path: "/api/items/{id}", operationId: "GetItem" },
      { method: "POST", path: "/api/items", operationId: "CreateItem" },
      { method: "GET", path: "/api/bad", operationId: "Bad" },
    ]);
  });
});

describe("definition errors", () => {
  it.each([
    [{ operationId: "bad-id" }, /operationId must start with a letter/],
    [{ path: "items" }, /path must start with "\/"/],
    [{ path: "/items/{id" }, /must be a whole parameter/],
    [{ path: "/items/{id}" }, /path parameter "\{id\}" has no schema/],
    [{ request: { params: z.object({ x: z.string() }) } }, /declares "x" but the path/],
    [{ method: "get", request: { body: z.object({}) } }, /GET operation cannot have a body/],
    [{ responses: {} }, /declare at least one response/],
    [{ responses: { abc: undefined } }, /is not an HTTP status code/],
    [{ summary: "" }, /summary is required/],
  ])("refuses %j", (patch, message) => {
    expect(() =>
      action({
        operationId: "Op",
        summary: "S",
        description: "D.",
        method: "post",
        path: "/items",
        responses: { 200: undefined },
        handler: async () => ({ status: 200 }),
        ...(patch as object),
      } as never),
    ).toThrow(message);
  });

  it("refuses duplicate operation ids and routes", () => {
    const a = action({
      operationId: "A",
      summary: "A",
      description: "A.",
      method: "get",
      path: "/a",
      responses: { 200: undefined },
      handler: async () => ({ status: 200 }),
    });
    const b = { ...a, path: "/b" };
    expect(() =>
      defineConnector({ title: "T", description: "A connector for tests.", operations: [a, b] }),
    ).toThrow(/Duplicate operationId "A"/);
    const c = { ...a, operationId: "C", path: "/A" };
    expect(() =>
      defineConnector({ title: "T", description: "A connector for tests.", operations: [a, c] }),
    ).toThrow(/same method and path/);
  });
});

describe("toQueryRecord", () => {
  it("keeps single values as strings and repeated ones as arrays, in order", () => {
    expect(toQueryRecord(new URLSearchParams("tag=a&top=5&tag=b&tag=c&e="))).toEqual({
      tag: ["a", "b", "c"],
      top: "5",
      e: "",
    });
  });

  it("stays linear for a hostile URL with many repeats", () => {
    const many = new URLSearchParams(Array.from({ length: 50_000 }, (_, i) => `x=${i}`).join("&"));
    const query = toQueryRecord(many);
    expect((query["x"] as string[]).length).toBe(50_000);
    expect((query["x"] as string[])[49_999]).toBe("49999");
  });
});
