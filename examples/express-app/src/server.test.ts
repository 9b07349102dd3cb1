import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { PLATFORM_MAX_BODY_BYTES } from "@connectorkit/sdk/http";
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

  it("accepts JSON bodies up to the platform's limit (not express.json()'s 100 KB default)", async () => {
    const created = await request(`${origin}/api/tickets`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ projectId: "helpdesk", title: "Scanned form" }),
    });
    expect(created.statusCode).toBe(201);
    const { id } = (await created.body.json()) as { id: string };
    const content = Buffer.alloc(768 * 1024, 7).toString("base64"); // 1 MiB of base64
    const body = JSON.stringify({ fileName: "scan.pdf", content });
    expect(body.length).toBeGreaterThan(1_000_000);
    const attached = await request(`${origin}/api/tickets/${id}/attachments`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body,
    });
    expect(attached.statusCode).toBe(201);
    expect(await attached.body.json()).toEqual({ id: `${id}-a1`, size: 768 * 1024 });
  });

  it("refuses a JSON body over the platform's 3,182,218 bytes with 413", async () => {
    const body = JSON.stringify({ fileName: "big.bin", content: "A".repeat(PLATFORM_MAX_BODY_BYTES) });
    const res = await request(`${origin}/api/tickets/T-1/attachments`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body,
    });
    expect(res.statusCode).toBe(413);
    await res.body.dump();
  });
});

/** Runs the server script once (no pnpm in between) and collects its exit code and output. */
async function runServerScript(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const cwd = fileURLToPath(new URL("..", import.meta.url));
  const child = spawn(
    process.execPath,
    ["--conditions=@connectorkit/source", "--import", "tsx", "src/server.ts"],
    { cwd, env, stdio: "pipe" },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    // It should never get this far; stop it if it does so the test fails on the exit code, not a timeout.
    if (output.includes("listening on")) child.kill("SIGTERM");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, output };
}

describe("express-app in production without its secrets", () => {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => k !== "TICKETS_API_KEYS" && k !== "CONNECTORKIT_STATE_SECRET",
    ),
  );

  it("refuses to start and names both variables", async () => {
    const { code, output } = await runServerScript({ ...base, NODE_ENV: "production", PORT: "0" });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain("will not start in production");
    expect(output).toContain("TICKETS_API_KEYS");
    expect(output).toContain("CONNECTORKIT_STATE_SECRET");
    expect(output).not.toContain("listening on");
  }, 30_000);
  // Which variable is named when only one is missing: examples/tickets/test/secrets.test.ts (no process needed).

  it("refuses to start with secrets that are set but too short, naming the rules, not the values", async () => {
    const { code, output } = await runServerScript({
      ...base,
      NODE_ENV: "production",
      PORT: "0",
      TICKETS_API_KEYS: "short",
      CONNECTORKIT_STATE_SECRET: "abc",
    });
    expect(code).toBe(1);
    expect(output).toContain("will not start with invalid secrets");
    expect(output).toContain("TICKETS_API_KEYS key 1 of 1 is shorter than 8 characters");
    expect(output).toContain("CONNECTORKIT_STATE_SECRET is shorter than 32 bytes");
    // the clean message only: no stack trace from the SDK, no secret value
    expect(output).not.toMatch(/TypeError|\n\s+at /);
    expect(output).not.toMatch(/\bshort\b|abc/);
    expect(output).not.toContain("listening on");
  }, 30_000);
});

describe("express-app (the start script)", () => {
  let child: ChildProcess;
  afterAll(() => {
    // pnpm -> tsx -> node: end the whole process group we started.
    if (child?.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
  });

  it("starts on 127.0.0.1 by default, prints its generated API key and a curl that works", async () => {
    const cwd = fileURLToPath(new URL("..", import.meta.url));
    const { HOST: _host, TICKETS_API_KEYS: _keys, ...env } = process.env;
    child = spawn("pnpm", ["start"], {
      cwd,
      env: { ...env, PORT: "0" },
      stdio: "pipe",
      detached: true,
    });
    let output = "";
    const { url, key } = await new Promise<{ url: string; key: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line in 20 s: ${output}`)), 20_000);
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\/api/.exec(output);
        const curl = /Try: curl -H "X-API-Key: ([\w-]+)" (\S+)\/api\/me/.exec(output);
        if (match && curl) {
          clearTimeout(timer);
          expect(curl[2]).toBe(match[1]);
          resolve({ url: match[1]!, key: curl[1]! });
        }
      });
      child.stderr?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    // the key printed by the child, not this process's: each process generates its own
    expect(key).not.toBe(API_KEYS[0]);
    const res = await request(`${url}/api/me`, { headers: { "x-api-key": key } });
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ service: "Contoso Tickets" });
    const refused = await request(`${url}/api/me`, { headers });
    expect(refused.statusCode).toBe(401);
    await refused.body.dump();
  }, 30_000);
});
