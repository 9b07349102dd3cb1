import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { API_KEYS } from "@connectorkit-examples/tickets";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";

/** The example connector takes an API key (X-API-Key); its first configured key is used here. */
const headers = { "x-api-key": API_KEYS[0]! };

describe("express-app (in process)", () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createApp().listen(0, "127.0.0.1");
    await once(server, "listening");
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("serves its own health route", async () => {
    const res = await request(`${origin}/health`);
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ status: "ok" });
  });

  it("serves connector operations below /api", async () => {
    const me = await request(`${origin}/api/me`, { headers });
    expect(me.statusCode).toBe(200);
    expect(await me.body.json()).toEqual({ service: "Contoso Tickets" });
    const projects = await request(`${origin}/api/projects`, { headers });
    expect(projects.statusCode).toBe(200);
    expect(projects.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("answers bad input with the core's error bodies even though express.json() is installed", async () => {
    const malformed = await request(`${origin}/api/tickets`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: '{"title":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(await malformed.body.json()).toMatchObject({ error: { code: "BadRequest" } });
    const unknown = await request(`${origin}/api/nope`, { headers });
    expect(unknown.statusCode).toBe(404);
    expect(await unknown.body.json()).toMatchObject({ error: { code: "NotFound" } });
    const anonymous = await request(`${origin}/api/me`);
    expect(anonymous.statusCode).toBe(401);
    expect(await anonymous.body.json()).toMatchObject({ error: { code: "Unauthorized" } });
  });
});

describe("express-app (the start script)", () => {
  let child: ChildProcess;
  afterAll(() => {
    // pnpm -> tsx -> node: end the whole process group we started.
    if (child?.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
  });

  it("starts on PORT=0 and serves requests", async () => {
    const cwd = fileURLToPath(new URL("..", import.meta.url));
    child = spawn("pnpm", ["start"], {
      cwd,
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1" },
      stdio: "pipe",
      detached: true,
    });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line in 20 s: ${output}`)), 20_000);
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\/api/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.stderr?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    const res = await request(`${url}/api/me`, { headers });
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ service: "Contoso Tickets" });
  }, 30_000);
});
