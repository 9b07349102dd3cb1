import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { HttpFunctionOptions } from "@azure/functions";
import az from "@azure/functions";
import type { Connector } from "@connectorkit/sdk";
import { action, defineConnector } from "@connectorkit/sdk";
import { createHandler, PLATFORM_MAX_BODY_BYTES } from "@connectorkit/sdk/http";
import { afterAll, describe, expect, it } from "vitest";
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

/** The conformance connector with another basePath. */
function withBasePath(basePath: string): Connector {
  const { byId: _byId, basePath: _old, ...config } = conformanceConnector();
  return defineConnector({ ...config, basePath });
}

/** Function app folders with host.json files (src/__fixtures__/function-apps/<name>). */
const appFolder = (name: string) =>
  fileURLToPath(new URL(`./__fixtures__/function-apps/${name}`, import.meta.url));

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

  it("mounts below a connector prefix that completes the basePath", async () => {
    const app = recordingApp();
    registerConnector(app, withBasePath("/api/tickets"), { prefix: "/tickets/", name: "tickets" });
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
    ["/api", {}, "http://x/api/items", "http://x/api/items/w"],
    [
      "/v1/tickets",
      { routePrefix: "/v1/", prefix: "tickets/" },
      "http://x/v1/tickets/items",
      "http://x/v1/tickets/items/w",
    ],
    ["/api/a/b", { routePrefix: "api", prefix: "a/b" }, "http://x/API/a/b/items", "http://x/api/a/b/items/w"],
    ["/api/a/b", { routePrefix: "api" }, "http://x/api/a/b/items", "http://x/api/a/b/items/w"],
  ])("basePath %s, options %j: %s -> Location %s", async (basePath, options, url, location) => {
    const res = await createAzureHandler(withBasePath(basePath), options)(
      post(url, '{"name":"w","qty":1}'),
      ctx(),
    );
    expect(res).toMatchObject({ status: 201, headers: { location } });
  });

  it("honours an empty host.json routePrefix", async () => {
    const handle = createAzureHandler(withBasePath("/"), { routePrefix: "" });
    const res = await handle(post("http://localhost:7071/items", '{"name":"w","qty":1}'), ctx());
    expect(res).toMatchObject({ status: 201, headers: { location: "http://localhost:7071/items/w" } });
  });

  it("refuses a mount path that is not the connector's basePath, with registerConnector's message", () => {
    const cases: [string, { routePrefix?: string; prefix?: string }][] = [
      ["/", {}],
      ["/v1", {}],
      ["/api", { prefix: "tickets" }],
      ["/api/a", { prefix: "b" }],
      ["/api", { routePrefix: "v1" }],
      ["/api", { routePrefix: "", prefix: "v1" }],
    ];
    for (const [basePath, options] of cases) {
      const message = (fn: () => unknown) => {
        try {
          fn();
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          return (error as Error).message;
        }
        return expect.unreachable(`${basePath} ${JSON.stringify(options)} did not throw`);
      };
      const direct = message(() => createAzureHandler(withBasePath(basePath), options));
      const registered = message(() => registerConnector(recordingApp(), withBasePath(basePath), options));
      expect(direct).toMatch(/a URL its swagger does not describe\. To fix it, /);
      expect(direct.replace(/^createAzureHandler: /, "")).toBe(
        registered.replace(/^registerConnector: /, ""),
      );
    }
    expect(() => createAzureHandler(withBasePath("/"))).toThrow(
      /^createAzureHandler: connector .* has basePath "\/", but its functions would answer at "\/api" \(routePrefix "api"\)/,
    );
    expect(() => createAzureHandler(conformanceConnector(), { prefix: "../x" })).toThrow(
      /plain path segments/,
    );
    expect(() => createAzureHandler(conformanceConnector(), { routePrefix: "{tenant}" })).toThrow(
      /plain path segments/,
    );
  });

  it("takes a prebuilt handler's routePrefix and prefix as given (it has no basePath to check)", async () => {
    const handler = createHandler(conformanceConnector());
    const handle = createAzureHandler(handler, { routePrefix: "v9", prefix: "elsewhere" });
    const res = await handle(post("http://x/v9/elsewhere/items", '{"name":"w","qty":1}'), ctx());
    expect(res).toMatchObject({ status: 201, headers: { location: "http://x/v9/elsewhere/items/w" } });
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
      basePath: "/api",
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

describe("registerConnector: the route prefix must serve the connector's basePath", () => {
  const serve = async (fn: { handler: HttpFunctionOptions["handler"] }, url: string) =>
    (await fn.handler(post(url, '{"name":"w","qty":1}'), ctx())) as { status?: number; headers?: unknown };

  it("derives the prefix from basePath below the route prefix", async () => {
    const app = recordingApp();
    expect(registerConnector(app, withBasePath("/api/tickets/v2"))).toEqual([
      { name: "connector", route: "tickets/v2/{*path}" },
    ]);
    const res = await serve(app.functions[0]!, "http://x/api/tickets/v2/items");
    expect(res).toMatchObject({ status: 201, headers: { location: "http://x/api/tickets/v2/items/w" } });
    const perOperation = recordingApp();
    registerConnector(perOperation, withBasePath("/api/tickets"), { mode: "per-operation" });
    expect(perOperation.functions.map((f) => f.route)).toContain("tickets/items/{id}");
  });

  it("refuses a basePath the functions cannot serve, saying what to change", () => {
    const app = recordingApp();
    expect(() => registerConnector(app, withBasePath("/"))).toThrow(
      /basePath "\/", but its functions would answer at "\/api" \(routePrefix "api"\).*routePrefix/,
    );
    expect(() => registerConnector(app, withBasePath("/v1"))).toThrow(/a URL its swagger does not describe/);
    expect(() => registerConnector(app, conformanceConnector(), { prefix: "tickets" })).toThrow(
      /basePath "\/api", but its functions would answer at "\/api\/tickets".*prefix "tickets"/,
    );
    expect(() => registerConnector(app, withBasePath("/api/a"), { prefix: "b" })).toThrow(TypeError);
    expect(() => registerConnector(app, conformanceConnector(), { routePrefix: "v1" })).toThrow(
      /routePrefix "v1"/,
    );
    expect(app.functions).toEqual([]); // nothing registered by a refused call
  });

  it("takes the route prefix as an option, case-insensitively like the Functions host", async () => {
    const app = recordingApp();
    registerConnector(app, withBasePath("/v1/tickets"), { routePrefix: "/V1/" });
    expect(app.functions[0]).toMatchObject({ route: "tickets/{*path}" });
    expect(await serve(app.functions[0]!, "http://x/v1/tickets/items")).toMatchObject({ status: 201 });
    const none = recordingApp();
    registerConnector(none, withBasePath("/"), { routePrefix: "" });
    expect(none.functions[0]).toMatchObject({ route: "{*path}" });
    expect(await serve(none.functions[0]!, "http://x/items")).toMatchObject({
      status: 201,
      headers: { location: "http://x/items/w" },
    });
  });

  it.each([
    ["api", "/api", "{*path}", "http://x/api/items"],
    ["versioned", "/v1/tickets", "{*path}", "http://x/v1/Tickets/items"],
    ["versioned", "/v1/tickets/beta", "beta/{*path}", "http://x/v1/tickets/beta/items"],
    ["empty-prefix", "/", "{*path}", "http://x/items"],
    ["empty-prefix", "/api", "api/{*path}", "http://x/api/items"],
    ["unset", "/api", "{*path}", "http://x/api/items"],
    ["bom", "/v2", "{*path}", "http://x/v2/items"],
  ])("reads host.json of the %s app (basePath %s -> route %s)", async (folder, basePath, route, url) => {
    const app = recordingApp();
    registerConnector(app, withBasePath(basePath), { hostJson: appFolder(folder) });
    expect(app.functions[0]).toMatchObject({ route });
    expect(await serve(app.functions[0]!, url)).toMatchObject({ status: 201 });
  });

  it("finds the nearest host.json from a module URL inside the app, or takes the file itself", () => {
    const moduleUrl = pathToFileURL(join(appFolder("api"), "lib/functions/connector.js"));
    for (const hostJson of [moduleUrl, moduleUrl.href, join(appFolder("api"), "host.json")]) {
      const app = recordingApp();
      expect(registerConnector(app, conformanceConnector(), { hostJson })).toEqual([
        { name: "connector", route: "{*path}" },
      ]);
    }
    expect(() =>
      registerConnector(recordingApp(), withBasePath("/"), { hostJson: appFolder("versioned") }),
    ).toThrow(/routePrefix "v1\/Tickets"/);
  });

  it("checks that routePrefix and host.json agree when both are given", () => {
    const hostJson = appFolder("versioned");
    expect(() =>
      registerConnector(recordingApp(), withBasePath("/v1/tickets"), { hostJson, routePrefix: "v1/tickets" }),
    ).not.toThrow();
    expect(() =>
      registerConnector(recordingApp(), withBasePath("/api"), { hostJson, routePrefix: "api" }),
    ).toThrow(/routePrefix "api" disagrees with extensions.http.routePrefix "v1\/Tickets"/);
  });

  it("reads host.json from the current directory when no option says otherwise", () => {
    const before = process.cwd();
    process.chdir(appFolder("versioned"));
    try {
      expect(() => registerConnector(recordingApp(), conformanceConnector())).toThrow(
        /routePrefix "v1\/Tickets"/,
      );
      expect(() => registerConnector(recordingApp(), withBasePath("/v1/tickets"))).not.toThrow();
    } finally {
      process.chdir(before);
    }
  });

  it("checks a routePrefix option against host.json in the current directory", () => {
    const before = process.cwd();
    process.chdir(appFolder("versioned")); // routePrefix "/v1/Tickets/"
    try {
      expect(() => registerConnector(recordingApp(), conformanceConnector(), { routePrefix: "api" })).toThrow(
        /^registerConnector: routePrefix "api" disagrees with extensions.http.routePrefix "v1\/Tickets" in .*versioned[\\/]host\.json.*To fix it, set both to the same value, or drop the routePrefix option/,
      );
      const app = recordingApp();
      expect(() =>
        registerConnector(app, withBasePath("/v1/tickets"), { routePrefix: "V1/tickets" }),
      ).not.toThrow();
      expect(app.functions[0]).toMatchObject({ route: "{*path}" });
    } finally {
      process.chdir(before);
    }
    process.chdir(appFolder("empty-prefix")); // routePrefix ""
    try {
      expect(() => registerConnector(recordingApp(), conformanceConnector(), { routePrefix: "api" })).toThrow(
        /routePrefix "api" disagrees with extensions.http.routePrefix "" in/,
      );
      expect(() => registerConnector(recordingApp(), withBasePath("/"), { routePrefix: "" })).not.toThrow();
    } finally {
      process.chdir(before);
    }
  });

  it("trusts a routePrefix option when no host.json is found, and reads a named one over the current directory's", () => {
    const scratch = mkdtempSync(join(tmpdir(), "ck-no-hostjson-"));
    const before = process.cwd();
    process.chdir(scratch);
    try {
      const app = recordingApp();
      registerConnector(app, withBasePath("/v1/tickets"), { routePrefix: "v1" });
      expect(app.functions[0]).toMatchObject({ route: "tickets/{*path}" });
      process.chdir(appFolder("versioned"));
      // hostJson names another app: its host.json decides, the current directory's is not read
      expect(() =>
        registerConnector(recordingApp(), conformanceConnector(), {
          hostJson: appFolder("api"),
          routePrefix: "api",
        }),
      ).not.toThrow();
    } finally {
      process.chdir(before);
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  describe("refuses malformed, missing, oversized and hostile host.json and prefixes", () => {
    const scratch = mkdtempSync(join(tmpdir(), "ck-hostjson-"));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    const register = (options: Parameters<typeof registerConnector>[2]) =>
      registerConnector(recordingApp(), conformanceConnector(), options);

    it("malformed JSON, a prefix that is not a string, or one with path tricks", () => {
      expect(() => register({ hostJson: appFolder("malformed") })).toThrow(
        /cannot parse .*host\.json as JSON/,
      );
      expect(() => register({ hostJson: appFolder("not-a-string") })).toThrow(/must be a string/);
      expect(() => register({ hostJson: appFolder("hostile") })).toThrow(/plain path segments/);
      for (const routePrefix of [
        "{tenant}",
        "api/../admin",
        "api?x=1",
        "a b",
        "%2e%2e",
        "a\\b",
        "x".repeat(201),
      ]) {
        expect(() => register({ routePrefix }), routePrefix).toThrow(TypeError);
      }
      expect(() => register({ routePrefix: 42 as never })).toThrow(/must be a string/);
      expect(() => register({ prefix: "../x" })).toThrow(/plain path segments/);
    });

    it("a missing file or folder", () => {
      expect(() => register({ hostJson: join(scratch, "nowhere") })).toThrow(/does not exist/);
      expect(() => register({ hostJson: join(scratch, "host.json") })).toThrow(/no host\.json at/);
      expect(() => register({ hostJson: "" })).toThrow(TypeError);
      expect(() => register({ hostJson: "file://remote-host/share/host.json" })).toThrow(TypeError);
    });

    it("an oversized host.json", () => {
      writeFileSync(join(scratch, "host.json"), `{"version":"2.0","pad":"${"x".repeat(1024 * 1024)}"}`);
      expect(() => register({ hostJson: join(scratch, "host.json") })).toThrow(/is over 1048576 bytes/);
    });
  });
});
