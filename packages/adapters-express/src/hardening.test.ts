import { once } from "node:events";
import { request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ConnectorHandler } from "@connectorkit/sdk/http";
import express from "express";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hostileConnector } from "../../sdk/src/testing/conformance/hostile-cases";
import { connectorRouter } from "./connector-router";
import { sendConnectorResponse } from "./send-connector-response";

// The hostile inputs also run on this adapter in the conformance table (hostile-cases.ts); these cover what only a
// real Express process shows: no unhandled rejection, no HTML page, no dead process, a working socket afterwards.
const servers: Server[] = [];
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
beforeAll(() => process.on("unhandledRejection", onRejection));
afterAll(() => process.off("unhandledRejection", onRejection));
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  expect(rejections).toEqual([]);
});

async function listen(setup: (app: express.Express) => void): Promise<string> {
  const app = express();
  setup(app);
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = async (res: Awaited<ReturnType<typeof request>>) => {
  expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
  return (await res.body.json()) as { error: { code: string; message: string } };
};

describe("express adapter under hostile input", () => {
  it("POST ?constructor=1 with Content-Length: 0, with and without express.json() (finding 1)", async () => {
    for (const setup of [
      (app: express.Express) => app.use("/api", connectorRouter(hostileConnector())),
      (app: express.Express) => app.use(express.json()).use("/api", connectorRouter(hostileConnector())),
    ]) {
      const origin = await listen(setup);
      const res = await request(`${origin}/api/me?constructor=1`, {
        method: "POST",
        headers: { "content-length": "0" },
      });
      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toEqual({ ok: true });
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    }
  });

  it("a body the app's own parser read still meets the limit when chunked (no Content-Length)", async () => {
    const origin = await listen((app) =>
      app
        .use(express.json({ limit: "5mb" }))
        .use("/api", connectorRouter(hostileConnector(), { maxBodyBytes: 1_000 })),
    );
    const payload = JSON.stringify({ data: "x".repeat(50_000) });
    async function* chunks() {
      for (let i = 0; i < payload.length; i += 4_096) yield Buffer.from(payload.slice(i, i + 4_096));
    }
    const res = await request(`${origin}/api/things`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Readable.from(chunks()), // a stream: undici sends it chunked, without Content-Length
    });
    expect(res.statusCode).toBe(413);
    expect((await json(res)).error.code).toBe("PayloadTooLarge");
    const small = await request(`${origin}/api/things`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Readable.from([Buffer.from('{"data":1}')]),
    });
    expect(small.statusCode).toBe(201);
    await small.body.dump();
  });

  it("a body the app's own parser read as a form or as text never reaches a JSON operation (415)", async () => {
    for (const parser of [express.urlencoded({ extended: true }), express.json({ type: "*/*" })]) {
      const origin = await listen((app) => app.use(parser).use("/api", connectorRouter(hostileConnector())));
      const form = await request(`${origin}/api/things`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "data=abc",
      });
      const text = await request(`${origin}/api/things`, {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: '{"data":"abc"}',
      });
      for (const res of [form, text]) {
        expect(res.statusCode).toBe(415);
        expect((await json(res)).error.code).toBe("UnsupportedMediaType");
      }
    }
  });

  it("a handler that rejects or a translation that throws is our 500 JSON, not Express's HTML page", async () => {
    const rejecting: ConnectorHandler = {
      connector: hostileConnector(),
      routes: [],
      handle: () => Promise.reject(new Error("db password leaked")),
    };
    const throwing: ConnectorHandler = {
      connector: hostileConnector(),
      routes: [],
      handle: () => {
        throw new Error("sync throw");
      },
    };
    for (const handler of [rejecting, throwing]) {
      const origin = await listen((app) => app.use("/api", connectorRouter(handler)));
      const res = await request(`${origin}/api/me`, { method: "POST" });
      expect(res.statusCode).toBe(500);
      expect((await json(res)).error).toEqual({
        code: "InternalServerError",
        message: "Internal Server Error",
      });
    }
  });

  it("a response Node refuses to write (handler bypassing the core) becomes our 500, and the process lives", async () => {
    const bad: ConnectorHandler = {
      connector: hostileConnector(),
      routes: [],
      handle: async () => ({ status: 202, headers: { location: "/exports/日本" } }),
    };
    const origin = await listen((app) => app.use("/api", connectorRouter(bad)));
    const res = await request(`${origin}/api/x`);
    expect(res.statusCode).toBe(500);
    expect(res.headers["location"]).toBeUndefined();
    expect((await json(res)).error.code).toBe("InternalServerError");
  });

  it("sendConnectorResponse does nothing once headers are out and closes the socket if even the 500 fails", async () => {
    const origin = await listen((app) =>
      app.get("/twice", (_req, res) => {
        sendConnectorResponse(res, { status: 200, headers: {}, body: "first" });
        sendConnectorResponse(res, { status: 500, headers: {}, body: "second" });
      }),
    );
    const res = await request(`${origin}/twice`);
    expect(await res.body.text()).toBe("first");
  });

  it("a Host header with 16,000 slashes is a 400 in our body", async () => {
    const origin = await listen((app) => app.use("/api", connectorRouter(hostileConnector())));
    const { port } = new URL(origin);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port, path: "/api/things", headers: { host: `a${"/".repeat(16_000)}b` } },
        (res) => {
          let body = "";
          res.on("data", (c) => (body += c)).on("end", () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on("error", reject).end();
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.message).toBe("Malformed Host header.");
  });

  it("app-wide express.json(): bad charset, unknown Content-Encoding and malformed JSON are our JSON errors (finding 8)", async () => {
    const origin = await listen((app) =>
      app.use(express.json()).use("/api", connectorRouter(hostileConnector())),
    );
    const post = (headers: Record<string, string>, body: string) =>
      request(`${origin}/api/things`, { method: "POST", headers, body });
    const cases: [Record<string, string>, string, number][] = [
      [{ "content-type": "application/json; charset=utf-7" }, '{"data":1}', 415],
      [{ "content-type": "application/json; charset=bogus-9" }, '{"data":1}', 415],
      [{ "content-type": "application/json", "content-encoding": "bogus" }, '{"data":1}', 415],
      [{ "content-type": "application/json" }, '{"data": sk_live_0123', 400],
    ];
    for (const [headers, body, status] of cases) {
      const res = await post(headers, body);
      expect(res.statusCode).toBe(status);
      const text = JSON.stringify(await json(res));
      expect(text).not.toContain("sk_live");
      expect(text).not.toContain("<");
    }
  });

  it("an operation's own limit stops reading the socket stream, and the connection still answers", async () => {
    const origin = await listen((app) =>
      app.use("/api", connectorRouter(hostileConnector(), { maxBodyBytes: 64 })),
    );
    const big = `{"data":"${"x".repeat(100_000)}"}`;
    const res = await request(`${origin}/api/things`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: big,
    });
    expect(res.statusCode).toBe(413);
    expect((await json(res)).error.code).toBe("PayloadTooLarge");
    const after = await request(`${origin}/api/things?top=5`);
    expect(after.statusCode).toBe(200);
  });
});
