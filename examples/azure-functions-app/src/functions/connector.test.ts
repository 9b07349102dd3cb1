import type { HttpFunctionOptions, HttpResponseInit } from "@azure/functions";
import az from "@azure/functions";
import { API_KEYS } from "@connectorkit-examples/tickets";
import { describe, expect, it, vi } from "vitest";

// Capture what the app registers (outside the Functions host `app.http` only logs), then call the registered
// handler with real HttpRequest / InvocationContext objects, as the host would.
const registered: { name: string; options: HttpFunctionOptions }[] = [];
vi.spyOn(az.app, "http").mockImplementation((name, options) => {
  registered.push({ name, options });
});
const { functions } = await import("./connector");

const KEY = { "x-api-key": API_KEYS[0]! };

async function call(method: string, path: string, body?: string, auth = KEY): Promise<HttpResponseInit> {
  const fn = registered[0]!.options;
  const request = new az.HttpRequest({
    method,
    url: `http://localhost:7071${path}`,
    headers: body === undefined ? auth : { ...auth, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: { bytes: Buffer.from(body) } }),
  });
  const result = await fn.handler(
    request,
    new az.InvocationContext({ invocationId: "test", functionName: "connector" }),
  );
  return result as HttpResponseInit;
}

describe("azure-functions-app", () => {
  it("registers one anonymous catch-all function", () => {
    expect(functions).toEqual([{ name: "connector", route: "{*path}" }]);
    expect(registered).toHaveLength(1);
    expect(registered[0]).toMatchObject({
      name: "connector",
      options: { route: "{*path}", authLevel: "anonymous" },
    });
  });

  it("serves connector operations below /api", async () => {
    const me = await call("GET", "/api/me");
    expect(me.status).toBe(200);
    expect(JSON.parse(String(me.body))).toEqual({ service: "Contoso Tickets" });
    const projects = await call("GET", "/api/projects");
    expect(projects.status).toBe(200);
    expect(projects.headers).toMatchObject({ "content-type": "application/json; charset=utf-8" });
  });

  it("answers bad input and unknown routes with the core's error bodies", async () => {
    const malformed = await call("POST", "/api/tickets", '{"title":');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(String(malformed.body))).toMatchObject({ error: { code: "BadRequest" } });
    const unknown = await call("GET", "/api/nope");
    expect(unknown.status).toBe(404);
    const anonymous = await call("GET", "/api/me", undefined, {} as typeof KEY);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(String(anonymous.body))).toMatchObject({ error: { code: "Unauthorized" } });
  });
});
