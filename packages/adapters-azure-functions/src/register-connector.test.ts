import type { HttpFunctionOptions } from "@azure/functions";
import az from "@azure/functions";
import { action, defineConnector } from "@connectorkit/sdk";
import { PLATFORM_MAX_BODY_BYTES } from "@connectorkit/sdk/http";
import { describe, expect, it } from "vitest";
import { CONFORMANCE_API_KEY, conformanceConnector } from "../../sdk/src/testing/conformance/index";
import { createAzureHandler } from "./create-azure-handler";
import { registerConnector } from "./register-connector";

const KEY = { "x-api-key": CONFORMANCE_API_KEY };
const ctx = () => new az.InvocationContext({ invocationId: "1", functionName: "connector" });
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  new az.HttpRequest({
    method: "POST",
    url,
    headers: { ...KEY, "content-type": "application/json", ...headers },
    body: { bytes: Buffer.from(body) },
  });

function recordingApp() {
  const functions: (HttpFunctionOptions & { name: string })[] = [];
  return {
    functions,
    http: (name: string, options: HttpFunctionOptions) => functions.push({ name, ...options }),
  };
}

describe("registerConnector", () => {
  it("registers one anonymous catch-all function for every method by default", async () => {
    const app = recordingApp();
    const registered = registerConnector(app, conformanceConnector());
    expect(registered).toEqual([{ name: "connector", route: "{*path}" }]);
    const [fn] = app.functions;
    expect(fn).toMatchObject({ name: "connector", route: "{*path}", authLevel: "anonymous" });
    expect(fn?.methods).toEqual(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
    const res = await fn!.handler(post("http://localhost:7071/api/items", '{"name":"w","qty":1}'), ctx());
    expect(res).toMatchObject({ status: 201, headers: { location: "http://localhost:7071/api/items/w" } });
  });

  it("mounts below a connector prefix", async () => {
    const app = recordingApp();
    registerConnector(app, conformanceConnector(), { prefix: "/tickets/", name: "tickets" });
    const [fn] = app.functions;
    expect(fn).toMatchObject({ name: "tickets", route: "tickets/{*path}" });
    const res = await fn!.handler(
      post("http://localhost:7071/api/tickets/items", '{"name":"w","qty":1}'),
      ctx(),
    );
    expect(res).toMatchObject({
      status: 201,
      headers: { location: "http://localhost:7071/api/tickets/items/w" },
    });
  });

  it("registers one function per operation path in per-operation mode", async () => {
    const app = recordingApp();
    const registered = registerConnector(app, conformanceConnector(), { mode: "per-operation" });
    expect(registered).toEqual([
      { name: "connector-GetItem", route: "items/{id}" },
      { name: "connector-GetItemVersion", route: "items/{id}/versions/{version}" },
      { name: "connector-ListItems", route: "items" },
      { name: "connector-StartJob", route: "jobs" },
      { name: "connector-WhoAmI", route: "whoami" },
      { name: "connector-Boom", route: "boom" },
      { name: "connector-BadResponse", route: "bad-response" },
    ]);
    const getItem = app.functions[0]!;
    const del = await getItem.handler(
      new az.HttpRequest({ method: "DELETE", url: "http://x/api/items/a", headers: KEY }),
      ctx(),
    );
    expect(del).toMatchObject({ status: 204 });
    const put = await getItem.handler(
      new az.HttpRequest({ method: "PUT", url: "http://x/api/items/a", headers: KEY }),
      ctx(),
    );
    expect(put).toMatchObject({ status: 405, headers: { allow: "DELETE, GET" } });
  });

  it("works with the real app object outside the Functions host", () => {
    expect(() => registerConnector(az.app, conformanceConnector(), { name: "real-app-smoke" })).not.toThrow();
  });
});

describe("createAzureHandler", () => {
  it.each([
    [{}, "http://x/api/items", "http://x/api/items/w"],
    [{ routePrefix: "/v1/", prefix: "tickets/" }, "http://x/v1/tickets/items", "http://x/v1/tickets/items/w"],
    [{ routePrefix: "api", prefix: "a/b" }, "http://x/API/a/b/items", "http://x/api/a/b/items/w"],
  ])("options %j: %s -> Location %s", async (options, url, location) => {
    const res = await createAzureHandler(conformanceConnector(), options)(
      post(url, '{"name":"w","qty":1}'),
      ctx(),
    );
    expect(res).toMatchObject({ status: 201, headers: { location } });
  });

  it("honours an empty host.json routePrefix", async () => {
    const handle = createAzureHandler(conformanceConnector(), { routePrefix: "" });
    const res = await handle(post("http://localhost:7071/items", '{"name":"w","qty":1}'), ctx());
    expect(res).toMatchObject({ status: 201, headers: { location: "http://localhost:7071/items/w" } });
  });

  it("uses X-Forwarded-Proto/Host only with trustProxy", async () => {
    const forwarded = { "x-forwarded-proto": "https", "x-forwarded-host": "tickets.contoso.com, internal" };
    const plain = createAzureHandler(conformanceConnector());
    const trusting = createAzureHandler(conformanceConnector(), { trustProxy: true });
    const a = await plain(post("http://fn.internal/api/items", '{"name":"w","qty":1}', forwarded), ctx());
    const b = await trusting(post("http://fn.internal/api/items", '{"name":"w","qty":1}', forwarded), ctx());
    expect(a.headers).toMatchObject({ location: "http://fn.internal/api/items/w" });
    expect(b.headers).toMatchObject({ location: "https://tickets.contoso.com/api/items/w" });
  });

  it("accepts a body of exactly the platform limit and answers 413 one byte over it", async () => {
    const handle = createAzureHandler(conformanceConnector());
    const big = (size: number) => {
      const base = JSON.stringify({ name: "big", qty: 1, note: "" });
      return JSON.stringify({ name: "big", qty: 1, note: "x".repeat(size - base.length) });
    };
    const ok = await handle(post("http://x/api/items", big(PLATFORM_MAX_BODY_BYTES)), ctx());
    expect(ok.status).toBe(201);
    const tooBig = await handle(post("http://x/api/items", big(PLATFORM_MAX_BODY_BYTES + 1)), ctx());
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(String(tooBig.body))).toMatchObject({ error: { code: "PayloadTooLarge" } });
  });

  it("passes { request, context } as ctx.platform", async () => {
    let seen: unknown;
    const op = action({
      operationId: "Peek",
      summary: "Peek",
      description: "Records the platform objects.",
      method: "get",
      path: "/peek",
      responses: { 204: undefined },
      handler: async (_input, hctx) => {
        seen = hctx.platform;
        return { status: 204 };
      },
    });
    const connector = defineConnector({
      title: "Peek",
      description: "Records what the host passes.",
      operations: [op],
    });
    const request = new az.HttpRequest({ method: "GET", url: "http://x/api/peek" });
    const context = ctx();
    const res = await createAzureHandler(connector)(request, context);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect(seen).toEqual({ request, context });
  });

  it("answers 404 from the core for a path outside the mount", async () => {
    const res = await createAzureHandler(conformanceConnector())(
      new az.HttpRequest({ method: "GET", url: "http://x/other/items", headers: KEY }),
      ctx(),
    );
    expect(res.status).toBe(404);
  });
});
