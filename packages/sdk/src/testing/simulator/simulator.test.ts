import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { virtualClock } from "./clock";
import { createSimulator } from "./create-simulator";
import { ContractViolationError, SimulatorError } from "./errors";
import { parseRetryAfter } from "./http-client";
import { fixturePath, type StubServer, startStubServer } from "./stub-server";
import { loadSwaggerFile, parseSwagger } from "./swagger-document";
import { formatTrace } from "./trace";
import type { SwaggerDocument } from "./types";

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const tiny: SwaggerDocument = {
  swagger: "2.0",
  info: { title: "Tiny", version: "1" },
  host: "api.example.com",
  basePath: "/v1",
  schemes: ["https"],
  securityDefinitions: { key: { type: "apiKey", in: "query", name: "code" } },
  paths: {
    "/items/{id}/{path}": {
      parameters: [{ name: "id", in: "path", required: true, type: "string", "x-ms-url-encoding": "single" }],
      get: {
        operationId: "GetItem",
        parameters: [
          { name: "path", in: "path", required: true, type: "string", "x-ms-url-encoding": "double" },
          { name: "tags", in: "query", type: "array", items: { type: "string" }, collectionFormat: "multi" },
          { name: "ids", in: "query", type: "array", items: { type: "integer" } },
          {
            name: "mode",
            in: "query",
            type: "string",
            required: true,
            default: "fast",
            "x-ms-visibility": "internal",
          },
          { name: "X-Trace", in: "header", type: "string" },
        ],
        responses: { "200": { description: "OK", schema: { $ref: "#/definitions/Item" } } },
      },
    },
    "/items": {
      post: {
        operationId: "CreateItem",
        parameters: [
          {
            name: "body",
            in: "body",
            required: true,
            schema: {
              type: "object",
              required: ["title", "kind"],
              properties: {
                title: { type: "string" },
                kind: { type: "string", default: "note", "x-ms-visibility": "internal" },
                meta: { type: "object", required: ["owner"], properties: { owner: { type: "string" } } },
              },
            },
          },
        ],
        responses: { "201": { description: "Created", schema: { $ref: "#/definitions/Item" } } },
      },
    },
  },
  definitions: {
    Item: {
      type: "object",
      required: ["id"],
      properties: {
        id: { type: "string" },
        done: { type: "boolean" },
        size: { type: "integer" },
        note: { type: "string", "x-nullable": true },
        state: { type: "string", enum: ["open", "closed"] },
        children: { type: "array", items: { $ref: "#/definitions/Item" } },
      },
    },
  },
};

describe("request building", () => {
  it("encodes path parameters single/double, serialises collections, fills internal defaults, sends API key in query", async () => {
    stub = await startStubServer(() => ({ status: 200, body: { id: "1" } }));
    const sim = createSimulator({
      swagger: tiny,
      baseUrl: `${stub.url}/v1/`,
      connection: { apiKey: "s3cret" },
    });
    await sim.runAction("GetItem", {
      id: "a/b c",
      path: "x/y",
      tags: ["t1", "t2"],
      ids: [1, 2],
      "X-Trace": "abc",
    });
    const req = stub.requests[0];
    expect(req?.path).toBe("/v1/items/a%2Fb%20c/x%252Fy");
    expect(req?.url).toContain("tags=t1&tags=t2&ids=1%2C2&mode=fast&code=s3cret");
    expect(req?.headers["x-trace"]).toBe("abc");
  });

  it("fills required body defaults, checks nested required properties, and rejects unknown inputs", async () => {
    stub = await startStubServer(() => ({ status: 201, body: { id: "9" } }));
    const sim = createSimulator({ swagger: tiny, baseUrl: stub.url });
    const result = await sim.runAction("CreateItem", { title: "T" });
    expect(result).toMatchObject({ status: 201, succeeded: true });
    expect(stub.requests[0]?.body).toEqual({ title: "T", kind: "note" });
    expect(stub.requests[0]?.headers["content-type"]).toBe("application/json");
    await expect(sim.runAction("CreateItem", { title: "T", meta: {} })).rejects.toMatchObject({
      code: "missingInput",
      message: "Operation 'CreateItem' is missing required input: body/meta/owner (body).",
    });
    await expect(sim.runAction("CreateItem", {})).rejects.toMatchObject({
      message: expect.stringContaining("body/title (body)"),
    });
    await expect(sim.runAction("CreateItem", { titel: "T" })).rejects.toMatchObject({
      code: "unknownInput",
      message:
        "Operation 'CreateItem' has no parameter or body property 'titel'. Accepted: body, title, kind, meta.",
    });
    await expect(sim.runAction("CreateItem", { body: { title: "a" }, title: "b" })).rejects.toMatchObject({
      code: "invalidInput",
    });
    await expect(sim.runAction("GetItem", { path: "p" })).rejects.toMatchObject({
      message: expect.stringContaining("id (path)"),
    });
    await expect(sim.runAction("CreateItem", [] as never)).rejects.toMatchObject({ code: "invalidInput" });
    expect(stub.requests).toHaveLength(1);
  });

  it("keeps hostile keys as data", async () => {
    stub = await startStubServer(() => ({ status: 201, body: { id: "1" } }));
    const sim = createSimulator({ swagger: tiny, baseUrl: stub.url });
    await expect(
      sim.runAction("CreateItem", JSON.parse('{"title":"x","__proto__":{"polluted":1}}')),
    ).rejects.toMatchObject({
      code: "unknownInput",
    });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("response checks", () => {
  const cases: [string, unknown, string][] = [
    [
      "boolean as string",
      { id: "1", done: "yes" },
      "requires the property 'body/done' to be of type 'Boolean' but is of type 'String'",
    ],
    [
      "float for integer",
      { id: "1", size: 1.5 },
      "requires the property 'body/size' to be of type 'Integer' but is of type 'Float'",
    ],
    [
      "null without x-nullable",
      { id: null },
      "requires the property 'body/id' to be of type 'String' but is of type 'Null'",
    ],
    ["missing required", { done: true }, "requires the property 'body/id' but it is missing"],
    [
      "enum",
      { id: "1", state: "gone" },
      `requires the property 'body/state' to be one of ["open","closed"] but is "gone"`,
    ],
    [
      "nested via $ref",
      { id: "1", children: [{ id: "2" }, { id: 3 }] },
      "requires the property 'body/children/1/id' to be of type 'String' but is of type 'Integer'",
    ],
    ["root type", [1], "requires the property 'body' to be of type 'Object' but is of type 'Array'"],
  ];
  for (const [name, body, message] of cases) {
    it(`fails with response.schemaMismatch: ${name}`, async () => {
      stub = await startStubServer(() => ({ status: 200, body }));
      const sim = createSimulator({ swagger: tiny, baseUrl: stub.url });
      const error = (await sim
        .runAction("GetItem", { id: "1", path: "p" })
        .catch((e: unknown) => e)) as ContractViolationError;
      expect(error).toBeInstanceOf(ContractViolationError);
      expect(error.rule).toBe("response.schemaMismatch");
      expect(error.message).toContain(`The API operation 'GetItem' ${message}`);
    });
  }

  it("accepts x-nullable nulls and unknown extra properties", async () => {
    stub = await startStubServer(() => ({ status: 200, body: { id: "1", note: null, extra: { any: 1 } } }));
    const sim = createSimulator({ swagger: tiny, baseUrl: stub.url });
    await expect(sim.runAction("GetItem", { id: "1", path: "p" })).resolves.toMatchObject({ status: 200 });
  });

  it("fails with response.notJson and response.tooLarge", async () => {
    stub = await startStubServer((req) =>
      req.query.get("big") === null
        ? { status: 200, text: "<html>" }
        : { status: 200, text: "x".repeat(5000) },
    );
    const sim = createSimulator({ swagger: tiny, baseUrl: stub.url, limits: { maxResponseBytes: 1000 } });
    await expect(sim.runAction("GetItem", { id: "1", path: "p" })).rejects.toMatchObject({
      rule: "response.notJson",
    });
    const swagger = structuredClone(tiny);
    const op = (swagger.paths["/items/{id}/{path}"] as { get: { parameters: unknown[] } }).get;
    op.parameters.push({ name: "big", in: "query", type: "string" });
    const sim2 = createSimulator({ swagger, baseUrl: stub.url, limits: { maxResponseBytes: 1000 } });
    await expect(sim2.runAction("GetItem", { id: "1", path: "p", big: "1" })).rejects.toMatchObject({
      rule: "response.tooLarge",
    });
  });

  it("fails with timeout.sync when the API does not answer within the synchronous limit", async () => {
    stub = await startStubServer(() => ({ status: 200, body: { id: "1" }, delayMs: 2000 }));
    const sim = createSimulator({ swagger: tiny, baseUrl: stub.url, limits: { syncTimeoutMs: 100 } });
    const started = performance.now();
    const error = (await sim
      .runAction("GetItem", { id: "1", path: "p" })
      .catch((e: unknown) => e)) as ContractViolationError;
    expect(error.rule).toBe("timeout.sync");
    expect(error.message).toContain("Request to the backend service timed out");
    expect(performance.now() - started).toBeLessThan(1500);
    expect(formatTrace(error.trace)).toMatch(/GET\s+http.* -> no response \(\d+ ms\) timed out/);
  });

  it("reports a refused connection as a network error with the trace", async () => {
    stub = await startStubServer(() => ({ status: 200 }));
    const url = stub.url;
    await stub.close();
    stub = undefined;
    const sim = createSimulator({ swagger: tiny, baseUrl: url });
    await expect(sim.runAction("GetItem", { id: "1", path: "p" })).rejects.toMatchObject({ code: "network" });
  });
});

describe("connection credentials", () => {
  it("sends a Bearer token and fixed headers, and never sends credentials to another origin", async () => {
    const other = await startStubServer(() => ({ status: 200, body: { id: "1" } }));
    try {
      stub = await startStubServer(() => ({
        status: 202,
        headers: { location: `${other.url}/jobs/1`, "retry-after": "1" },
      }));
      const swagger = { ...tiny, securityDefinitions: { oauth: { type: "oauth2", flow: "accessCode" } } };
      const sim = createSimulator({
        swagger,
        baseUrl: stub.url,
        connection: { token: "tok", headers: { "X-Tenant": "t1" } },
        clock: virtualClock(),
      });
      const result = await sim.runAction("GetItem", { id: "1", path: "p" });
      expect(stub.requests[0]?.headers.authorization).toBe("Bearer tok");
      expect(stub.requests[0]?.headers["x-tenant"]).toBe("t1");
      expect(other.requests[0]?.headers.authorization).toBeUndefined();
      expect(other.requests[0]?.headers["x-tenant"]).toBeUndefined();
      expect(result.trace[1]?.note).toContain("other origin: connection credentials not sent");
    } finally {
      await other.close();
    }
  });
});

describe("Plumsail Documents (trailing commas, API key in Authorization header)", () => {
  it("parses the file and runs a long-running action to a schema-checked result", async () => {
    const swagger = await loadSwaggerFile(fixturePath("plumsail-documents"));
    let polled = false;
    stub = await startStubServer((req, s) => {
      if (req.method === "POST")
        return { status: 202, headers: { location: `${s.url}/flow/v1/jobs/7`, "retry-after": "5" } };
      if (!polled) {
        polled = true;
        return { status: 202, headers: { location: `${s.url}/flow/v1/jobs/7` } };
      }
      return { status: 200, body: { isSuccess: req.path === "/flow/v1/jobs/7" ? "yes" : true } };
    });
    const clock = virtualClock();
    const sim = createSimulator({
      swagger,
      baseUrl: stub.url,
      connection: { apiKey: "plumsail-key" },
      clock,
    });
    const error = (await sim
      .runAction("FlowV1DocumentsJobsRegExpTestPost", { pattern: "a+", text: "aaa" })
      .catch((e: unknown) => e)) as ContractViolationError;
    expect(error.rule).toBe("response.schemaMismatch");
    expect(error.message).toContain(
      "The API operation 'FlowV1DocumentsJobsRegExpTestPost' requires the property 'body/isSuccess' to be of type 'Boolean' but is of type 'String'.",
    );
    expect(clock.sleeps).toEqual([5000, 1000]);
    expect(stub.requests.map((r) => r.headers.authorization)).toEqual([
      "plumsail-key",
      "plumsail-key",
      "plumsail-key",
    ]);
    expect(stub.requests[0]?.body).toEqual({ pattern: "a+", text: "aaa" });
  });
});

describe("swagger input", () => {
  it("accepts a BOM and trailing commas; keeps __proto__ as data", () => {
    const doc = parseSwagger(
      '\uFEFF{ "swagger": "2.0", "info": {}, "paths": { "__proto__": { "get": { "operationId": "P", }, }, }, }',
    );
    expect(Object.keys(doc.paths)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>)["get"]).toBeUndefined();
    const sim = createSimulator({ swagger: doc, baseUrl: "http://127.0.0.1:9" });
    expect(sim.baseUrl).toBe("http://127.0.0.1:9");
  });

  it("rejects malformed, non-2.0, and pathless documents with clear errors", async () => {
    expect(() => parseSwagger('{ "swagger": ')).toThrow(/The swagger is not valid JSON at offset \d+/);
    expect(() => parseSwagger('{ "openapi": "3.0.0", "paths": {} }')).toThrow(
      'Swagger 2.0 document ("swagger": "2.0"), got null',
    );
    expect(() => parseSwagger('{ "swagger": "2.0" }')).toThrow("no 'paths' object");
    expect(() => parseSwagger("[]")).toThrow("must be a JSON object");
    await expect(loadSwaggerFile("/nonexistent/x.json")).rejects.toMatchObject({ code: "invalidSwagger" });
    expect(() =>
      createSimulator({
        swagger: {
          swagger: "2.0",
          paths: { "/a": { get: { operationId: "X" } }, "/b": { get: { operationId: "X" } } },
        },
      }),
    ).toThrow("operationId 'X' twice");
    expect(() =>
      createSimulator({
        swagger: { swagger: "2.0", paths: { "/a": { $ref: "#/x/y" } } },
        baseUrl: "http://127.0.0.1:1",
      }),
    ).toThrow("The $ref '#/x/y' points at nothing");
    expect(() =>
      createSimulator({
        swagger: {
          swagger: "2.0",
          definitions: { A: { $ref: "#/definitions/A" } },
          paths: { "/a": { $ref: "#/definitions/A" } },
        },
        baseUrl: "http://127.0.0.1:1",
      }),
    ).toThrow("cycle");
  });

  it("derives the base URL from schemes/host/basePath, and asks for baseUrl when the host is a placeholder", async () => {
    expect(createSimulator({ swagger: tiny }).baseUrl).toBe("https://api.example.com/v1");
    const jotformLike = { ...tiny, host: "{{replace_with_your_domain}}" };
    expect(() => createSimulator({ swagger: jotformLike })).toThrow("pass the 'baseUrl' option");
    expect(() => createSimulator({ swagger: tiny, baseUrl: "/relative" })).toThrow("absolute http(s) URL");
    const text = await readFile(fixturePath("jira"), "utf8");
    expect(createSimulator({ swagger: text }).baseUrl).toBe("https://yourhost.yourdomain.com/rest/api");
  });

  it("checks the connection against securityDefinitions and the limits", () => {
    expect(() => createSimulator({ swagger: tiny, connection: { username: "u", password: "p" } })).toThrow(
      "declare no 'basic' scheme",
    );
    expect(() => createSimulator({ swagger: tiny, connection: { token: "t" } })).toThrow(
      "declare no 'oauth2' scheme",
    );
    expect(() =>
      createSimulator({ swagger: { ...tiny, securityDefinitions: {} }, connection: { apiKey: "k" } }),
    ).toThrow("declare no apiKey");
    expect(() =>
      createSimulator({ swagger: tiny, connection: { headers: { "x-a": "1\r\nx-b: 2" } } }),
    ).toThrow(SimulatorError);
    expect(() => createSimulator({ swagger: tiny, limits: { syncTimeoutMs: -1 } })).toThrow(
      "positive number",
    );
    expect(() => createSimulator({ swagger: tiny, limits: { nope: 1 } as never })).toThrow(
      "Unknown limit 'nope'",
    );
  });
});

describe("clock and trace helpers", () => {
  it("virtualClock advances instantly and records sleeps", async () => {
    const clock = virtualClock(1000);
    const started = performance.now();
    await clock.sleep(30 * 24 * 3600_000);
    await clock.sleep(-5);
    expect(clock.now()).toBe(1000 + 30 * 24 * 3600_000);
    expect(clock.sleeps).toEqual([30 * 24 * 3600_000, 0]);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("parses Retry-After seconds and HTTP dates", () => {
    expect(parseRetryAfter("10")).toBe(10_000);
    expect(parseRetryAfter("0.5")).toBe(500);
    expect(
      parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1)),
    ).toBe(30_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it("formats a trace one line per call", () => {
    expect(
      formatTrace([
        { method: "POST", url: "http://h/x", status: 202, durationMs: 3.2, at: 0 },
        { method: "GET", url: "http://h/s", status: 200, durationMs: 1, at: 90_000, note: "waited 1m30s" },
      ]),
    ).toBe("+0ms     POST   http://h/x -> 202 (3 ms)\n+1m30s   GET    http://h/s -> 200 (1 ms) waited 1m30s");
  });
});
