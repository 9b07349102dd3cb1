import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { action, defineConnector } from "@connectorkit/sdk";
import { createHandler, PLATFORM_MAX_BODY_BYTES } from "@connectorkit/sdk/http";
import express from "express";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { CONFORMANCE_API_KEY, conformanceConnector } from "../../sdk/src/testing/conformance/index";
import { connectorRouter } from "./connector-router";

const KEY = { "x-api-key": CONFORMANCE_API_KEY };
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(app: express.Express): Promise<string> {
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const createItem = (origin: string, path: string, headers: Record<string, string> = {}) =>
  request(`${origin}${path}`, {
    method: "POST",
    headers: { ...KEY, "content-type": "application/json", ...headers },
    body: '{"name":"w","qty":1}',
  });

describe("connectorRouter: mount path and public base URL", () => {
  it.each(["/api", "/v1/tickets-connector", ""])(
    "computes Location from the mount path %j",
    async (mount) => {
      const app = express();
      app.use(mount || "/", connectorRouter(conformanceConnector()));
      const origin = await listen(app);
      const res = await createItem(origin, `${mount}/items`);
      expect(res.statusCode).toBe(201);
      expect(res.headers["location"]).toBe(`${origin}${mount}/items/w`);
      await res.body.dump();
    },
  );

  it("ignores X-Forwarded-* unless the app trusts the proxy", async () => {
    const app = express();
    app.use("/api", connectorRouter(conformanceConnector()));
    const origin = await listen(app);
    const res = await createItem(origin, "/api/items", {
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.example",
    });
    expect(res.headers["location"]).toBe(`${origin}/api/items/w`);
    await res.body.dump();
  });

  it("honours X-Forwarded-Proto and X-Forwarded-Host when trust proxy is set (App Service, reverse proxy)", async () => {
    const app = express();
    app.set("trust proxy", "loopback");
    app.use("/api", connectorRouter(conformanceConnector()));
    const origin = await listen(app);
    const res = await createItem(origin, "/api/items", {
      "x-forwarded-proto": "https",
      "x-forwarded-host": "tickets.contoso.com, internal.local",
    });
    expect(res.headers["location"]).toBe("https://tickets.contoso.com/api/items/w");
    await res.body.dump();
  });

  it("leaves the app's other routes and error handler alone", async () => {
    const app = express();
    app.get("/health", (_req, res) => {
      res.json({ ok: true });
    });
    app.use("/api/admin", () => {
      throw new Error("admin failure");
    });
    app.use("/api", connectorRouter(conformanceConnector()));
    const seen: string[] = [];
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      seen.push(error.message);
      res.status(418).end();
    });
    const origin = await listen(app);
    const health = await request(`${origin}/health`);
    expect(await health.body.json()).toEqual({ ok: true });
    const admin = await request(`${origin}/api/admin`);
    expect(admin.statusCode).toBe(418);
    await admin.body.dump();
    expect(seen).toEqual(["admin failure"]);
  });
});

describe("connectorRouter: bodies", () => {
  const big = (size: number) => {
    const base = JSON.stringify({ name: "big", qty: 1, note: "" });
    return JSON.stringify({ name: "big", qty: 1, note: "x".repeat(size - base.length) });
  };

  it(`accepts a body of exactly the platform limit (${PLATFORM_MAX_BODY_BYTES} bytes) by default`, async () => {
    const app = express();
    app.use("/api", connectorRouter(conformanceConnector()));
    const origin = await listen(app);
    const body = big(PLATFORM_MAX_BODY_BYTES);
    expect(Buffer.byteLength(body)).toBe(PLATFORM_MAX_BODY_BYTES);
    const res = await request(`${origin}/api/items`, {
      method: "POST",
      headers: { ...KEY, "content-type": "application/json" },
      body,
    });
    expect(res.statusCode).toBe(201);
    await res.body.dump();
  });

  it("answers 413 one byte over the default limit", async () => {
    const app = express();
    app.use("/api", connectorRouter(conformanceConnector()));
    const origin = await listen(app);
    const res = await request(`${origin}/api/items`, {
      method: "POST",
      headers: { ...KEY, "content-type": "application/json" },
      body: big(PLATFORM_MAX_BODY_BYTES + 1),
    });
    expect(res.statusCode).toBe(413);
    expect(await res.body.json()).toMatchObject({ error: { code: "PayloadTooLarge" } });
  });

  it("stops reading a chunked body (no Content-Length) at the limit and answers 413", async () => {
    const app = express();
    app.use("/api", connectorRouter(conformanceConnector(), { maxBodyBytes: 1000 }));
    const origin = await listen(app);
    let sent = 0;
    async function* chunks() {
      for (let i = 0; i < 64; i++) {
        sent += 512;
        yield Buffer.alloc(512, 0x20);
      }
    }
    const res = await request(`${origin}/api/items`, {
      method: "POST",
      headers: { ...KEY, "content-type": "application/json" },
      body: Readable.from(chunks()),
    });
    expect(res.statusCode).toBe(413);
    expect(await res.body.json()).toMatchObject({ error: { code: "PayloadTooLarge" } });
    expect(sent).toBeGreaterThan(1000);
  });

  it("passes bytes from express.raw() through the core's checks", async () => {
    const app = express();
    app.use(express.raw({ type: "*/*" }));
    app.use("/api", connectorRouter(conformanceConnector()));
    const origin = await listen(app);
    const ok = await createItem(origin, "/api/items");
    expect(ok.statusCode).toBe(201);
    await ok.body.dump();
    const wrongType = await createItem(origin, "/api/items", { "content-type": "text/plain" });
    expect(wrongType.statusCode).toBe(415);
    await wrongType.body.dump();
  });
});

describe("connectorRouter: platform and abort", () => {
  it("passes { req, res } as ctx.platform and aborts ctx.signal when the client goes away", async () => {
    let platformSeen: unknown;
    let resolveAborted: (reason: unknown) => void = () => {};
    const aborted = new Promise((resolve) => {
      resolveAborted = resolve;
    });
    const slow = action({
      operationId: "Slow",
      summary: "Slow",
      description: "Waits until the client aborts.",
      method: "get",
      path: "/slow",
      responses: { 204: undefined },
      handler: async (_input, ctx) => {
        platformSeen = ctx.platform;
        await new Promise<void>((resolve) =>
          ctx.signal?.addEventListener("abort", () => resolve(), { once: true }),
        );
        resolveAborted(ctx.signal?.aborted);
        return { status: 204 };
      },
    });
    const connector = defineConnector({
      title: "Slow",
      description: "A connector with one slow operation.",
      operations: [slow],
    });
    const app = express();
    app.use("/api", connectorRouter(createHandler(connector)));
    const origin = await listen(app);
    const client = new AbortController();
    const pending = request(`${origin}/api/slow`, { signal: client.signal }).catch((e: Error) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    client.abort();
    expect(await pending).toBeInstanceOf(Error);
    expect(await aborted).toBe(true);
    const platform = platformSeen as { req: express.Request; res: express.Response };
    expect(platform.req.originalUrl).toBe("/api/slow");
    expect(typeof platform.res.setHeader).toBe("function");
  });
});
