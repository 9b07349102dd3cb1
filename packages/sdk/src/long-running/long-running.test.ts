import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ConnectorAuth } from "../auth/types";
import { ConnectorError } from "../errors/connector-error";
import { createHandler, type HandlerOptions } from "../http/create-handler";
import { action } from "../operation/action";
import { defineConnector } from "../operation/define-connector";
import type { AnyOperation } from "../operation/types";
import { memoryStore } from "../store/memory-store";
import type { ConnectorStore } from "../store/types";
import { ACCEPTED_RESPONSE, accepted } from "./accepted";
import {
  call,
  type LoopbackServer,
  runAction,
  serve,
  type VirtualClock,
  virtualClock,
} from "./engine-harness";
import { inProcessJobRunner } from "./job-runner";
import { longRunning } from "./long-running";
import { JOB_ID_PATTERN, runJob } from "./run-job";
import type { JobRecord, ScheduledJob } from "./types";

// key-a-refreshed stands for the same OAuth connection after its token was refreshed: same subject and tenant,
// other claims (exp, iat) differ. key-c is another user of the same tenant.
const jwtPrincipal = (subject: string, exp: number) => ({
  subject,
  tenantId: "t1",
  scopes: [],
  claims: { sub: subject, exp },
});
const KEYS: Record<string, unknown> = {
  "key-a": { tenant: "a" },
  "key-b": { tenant: "b" },
  "key-jwt": jwtPrincipal("user-1", 1_000),
  "key-jwt-refreshed": jwtPrincipal("user-1", 2_000),
  "key-jwt-other": jwtPrincipal("user-2", 1_000),
};
const keyAuth: ConnectorAuth<unknown> = {
  type: "apiKey",
  async authenticate(req) {
    const key = req.headers["x-api-key"];
    const principal = typeof key === "string" ? KEYS[key] : undefined;
    if (!principal) throw new ConnectorError("Unauthorized", { message: "Missing or invalid API key." });
    return principal;
  },
  toSwagger: () => ({
    securityDefinitions: { api_key: { type: "apiKey", in: "header", name: "X-API-Key" } },
    security: [{ api_key: [] }],
  }),
  toApiProperties: () => ({ connectionParameters: {} }),
};
const A = { "x-api-key": "key-a" };
const B = { "x-api-key": "key-b" };

const Report = z.object({ url: z.string(), rows: z.number().int() });

function makeExport(clock: VirtualClock, behaviour: "ok" | "conflict" | "crash" | "hang" | "bad-body") {
  return longRunning({
    operationId: "ExportReport",
    summary: "Export a report",
    description: "Exports the monthly report as CSV.",
    method: "post",
    path: "/reports/export",
    request: {
      body: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/) }),
      query: z.object({ format: z.enum(["csv", "xlsx"]).default("csv") }),
    },
    responses: { 200: Report, 409: undefined },
    retryAfter: 10,
    maxDuration: 60_000,
    retention: 3_600_000,
    handler: async ({ body, query }, ctx) => {
      await ctx.progress(10, `Collecting ${body.month}`);
      if (behaviour === "conflict")
        throw new ConnectorError("Conflict", {
          message: "A report for this month is already being exported.",
        });
      if (behaviour === "crash") throw new Error("database password=hunter2 refused");
      await clock.delay(behaviour === "hang" ? 100_000 : 25_000);
      await ctx.progress(90);
      if (behaviour === "bad-body") return { status: 200, body: { url: 42 } as never };
      return {
        status: 200,
        body: { url: `https://files.contoso.com/${body.month}.${query.format}`, rows: 3 },
      };
    },
  });
}

interface Setup {
  server: LoopbackServer;
  clock: VirtualClock;
  store: ConnectorStore;
  errors: ConnectorError[];
}

let current: LoopbackServer | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function setup(
  ops: (clock: VirtualClock) => AnyOperation[],
  options: HandlerOptions = {},
): Promise<Setup> {
  const clock = virtualClock();
  const store = memoryStore({ now: clock.now });
  const errors: ConnectorError[] = [];
  const connector = defineConnector({
    title: "Contoso Reports",
    description: "Exports reports from Contoso Analytics.",
    basePath: "/api",
    auth: keyAuth,
    operations: ops(clock),
  });
  const handler = createHandler(connector, {
    store,
    now: clock.now,
    onError: (e) => errors.push(e),
    ...options,
  });
  current = await serve(handler, "/api");
  return { server: current, clock, store, errors };
}

describe("longRunning: the engine's asynchronous loop over HTTP", () => {
  it("answers 202 + absolute Location + Retry-After, then 202 with progress, then the validated 200", async () => {
    const { server, clock } = await setup((c) => [makeExport(c, "ok")]);
    const { final, exchanges } = await runAction(
      "POST",
      `${server.baseUrl}/reports/export?format=xlsx`,
      { month: "2025-01" },
      { clock, headers: A },
    );

    expect(final.status).toBe(200);
    expect(final.body).toEqual({ url: "https://files.contoso.com/2025-01.xlsx", rows: 3 });
    const first = exchanges[0]!;
    expect(first.status).toBe(202);
    expect(first.headers["retry-after"]).toBe("10");
    const location = first.headers["location"]!;
    expect(location.startsWith(`${server.baseUrl}/_connectorkit/jobs/ExportReport/`)).toBe(true);
    expect(JOB_ID_PATTERN.test(location.split("/").at(-1)!)).toBe(true);
    // every status poll used the same Location and Retry-After, waited exactly 10 s
    for (const e of exchanges.slice(1)) expect(e.url).toBe(location);
    expect(clock.sleeps.every((ms) => ms === 10_000)).toBe(true);
    expect(exchanges.map((e) => e.status)).toEqual([202, 202, 202, 200]);
    expect(exchanges[1]!.body).toEqual({
      jobId: location.split("/").at(-1),
      status: "running",
      percentComplete: 10,
      message: "Collecting 2025-01",
    });
    expect(exchanges[1]!.headers["location"]).toBe(location);
  });

  it("job ids are unique and unguessable (192 bits, base64url)", async () => {
    const { server, clock } = await setup((c) => [makeExport(c, "ok")]);
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const res = await call("POST", `${server.baseUrl}/reports/export`, A, { month: "2025-02" });
      ids.add(res.headers["location"]!.split("/").at(-1)!);
    }
    expect(ids.size).toBe(20);
    await clock.sleep(30_000);
  });

  it("ends with the handler's ConnectorError status and the standard error body", async () => {
    const { server, clock } = await setup((c) => [makeExport(c, "conflict")]);
    const { final } = await runAction(
      "POST",
      `${server.baseUrl}/reports/export`,
      { month: "2025-01" },
      { clock, headers: A },
    );
    expect(final.status).toBe(409);
    expect(final.body).toEqual({
      error: { code: "Conflict", message: "A report for this month is already being exported." },
    });
  });

  it("renders an unexpected handler error as 500 without internals and reports it", async () => {
    const { server, clock, errors } = await setup((c) => [makeExport(c, "crash")]);
    const { final } = await runAction(
      "POST",
      `${server.baseUrl}/reports/export`,
      { month: "2025-01" },
      { clock, headers: A },
    );
    expect(final.status).toBe(500);
    expect(JSON.stringify(final.body)).not.toContain("hunter2");
    expect(final.body).toEqual({ error: { code: "InternalServerError", message: "Internal Server Error" } });
    expect(errors).toHaveLength(1);
  });

  it("validates the final body against the response schema (500 on mismatch)", async () => {
    const { server, clock, errors } = await setup((c) => [makeExport(c, "bad-body")], {
      validateResponses: true,
    });
    const { final } = await runAction(
      "POST",
      `${server.baseUrl}/reports/export`,
      { month: "2025-01" },
      { clock, headers: A },
    );
    expect(final.status).toBe(500);
    expect(errors.some((e) => e.name === "ResponseValidationError")).toBe(true);
  });

  it("fails a job past maxDuration with 504, and a late result does not overwrite it", async () => {
    const { server, clock, store } = await setup((c) => [makeExport(c, "hang")]);
    const { final, exchanges } = await runAction(
      "POST",
      `${server.baseUrl}/reports/export`,
      { month: "2025-01" },
      { clock, headers: A },
    );
    expect(final.status).toBe(504);
    expect(final.body).toEqual({
      error: {
        code: "GatewayTimeout",
        message: "The operation did not finish within its maximum duration of 1 minute(s).",
      },
    });
    expect(final.at).toBe(60_000);
    const location = exchanges[0]!.headers["location"]!;
    await clock.sleep(60_000); // the handler wakes up at 100 s and tries to store its result
    const again = await call("GET", location, A);
    expect(again.status).toBe(504);
    const job = await store.get<JobRecord>(`job:${location.split("/").at(-1)}`);
    expect(job?.value.state).toBe("failed");
  });

  it("answers 404 for unknown, malformed and expired jobs", async () => {
    const { server, clock } = await setup((c) => [makeExport(c, "ok")]);
    const unknown = await call(
      "GET",
      `${server.baseUrl}/_connectorkit/jobs/ExportReport/${"A".repeat(32)}`,
      A,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: "NotFound" } });
    for (const id of ["x", "A".repeat(33), "%00%00", "..%2F..%2Fetc"]) {
      expect((await call("GET", `${server.baseUrl}/_connectorkit/jobs/ExportReport/${id}`, A)).status).toBe(
        404,
      );
    }
    const { final, exchanges } = await runAction(
      "POST",
      `${server.baseUrl}/reports/export`,
      { month: "2025-01" },
      { clock, headers: A },
    );
    expect(final.status).toBe(200);
    const location = exchanges[0]!.headers["location"]!;
    await clock.sleep(3_599_000);
    expect((await call("GET", location, A)).status).toBe(200); // still within retention
    await clock.sleep(2_000);
    expect((await call("GET", location, A)).status).toBe(404); // retention over
  });

  it("hides a job from another principal (404, same body as unknown) and requires auth (401)", async () => {
    const { server, clock } = await setup((c) => [makeExport(c, "ok")]);
    const start = await call("POST", `${server.baseUrl}/reports/export`, A, { month: "2025-01" });
    const location = start.headers["location"]!;
    const unknown = await call(
      "GET",
      `${server.baseUrl}/_connectorkit/jobs/ExportReport/${"B".repeat(32)}`,
      B,
    );
    const foreign = await call("GET", location, B);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
    expect((await call("GET", location, {})).status).toBe(401);
    expect((await call("GET", location, { "x-api-key": "wrong" })).status).toBe(401);
    await clock.sleep(30_000);
    expect((await call("GET", location, A)).status).toBe(200);
    expect((await call("GET", location, B)).status).toBe(404);
  });

  it("a refreshed token of the same connection still reads its job; another user of the tenant does not", async () => {
    const { server, clock } = await setup((c) => [makeExport(c, "ok")]);
    const start = await call(
      "POST",
      `${server.baseUrl}/reports/export`,
      { "x-api-key": "key-jwt" },
      { month: "2025-01" },
    );
    const location = start.headers["location"]!;
    await clock.sleep(30_000);
    expect((await call("GET", location, { "x-api-key": "key-jwt-other" })).status).toBe(404);
    expect((await call("GET", location, { "x-api-key": "key-jwt-refreshed" })).status).toBe(200);
  });

  it("validates and authenticates the start request before creating a job", async () => {
    const { server, store } = await setup((c) => [makeExport(c, "ok")]);
    const bad = await call("POST", `${server.baseUrl}/reports/export`, A, { month: "January" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: "BadRequest", details: [{ target: "body.month" }] } });
    expect((await call("POST", `${server.baseUrl}/reports/export`, A, "{not json")).status).toBe(400);
    expect((await call("POST", `${server.baseUrl}/reports/export`, {}, { month: "2025-01" })).status).toBe(
      401,
    );
    expect((await store.list("job:")).entries).toHaveLength(0);
  });

  it("keeps credentials out of the stored job", async () => {
    const { server, store, clock } = await setup((c) => [makeExport(c, "ok")]);
    await call(
      "POST",
      `${server.baseUrl}/reports/export?format=csv&code=secret-query`,
      { ...A, authorization: "Bearer tok" },
      { month: "2025-01" },
    );
    const [entry] = (await store.list<JobRecord>("job:")).entries;
    const text = JSON.stringify(entry?.value);
    expect(text).not.toContain("key-a");
    expect(text).not.toContain("Bearer tok");
    expect(text).not.toContain("secret-query");
    expect(entry?.value.input.query).toEqual({ format: "csv" });
    expect(entry?.value.owner).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await clock.sleep(30_000);
  });
});

describe("JobRunner seam and runJob", () => {
  it("a queue runner defers execution; any worker runs the job once with runJob(store, jobId)", async () => {
    const queued: ScheduledJob[] = [];
    const clock = virtualClock();
    const store = memoryStore({ now: clock.now });
    const op = makeExport(clock, "ok");
    const connector = defineConnector({
      title: "Contoso Reports",
      description: "Exports reports.",
      auth: keyAuth,
      operations: [op],
    });
    const handler = createHandler(connector, {
      store,
      now: clock.now,
      jobRunner: { schedule: (job) => void queued.push(job) },
    });
    current = await serve(handler, "/api");
    const start = await call("POST", `${current.baseUrl}/reports/export`, A, { month: "2025-03" });
    expect(start.status).toBe(202);
    expect(queued).toHaveLength(1);
    const { jobId } = queued[0]!;
    const location = start.headers["location"]!;
    expect((await call("GET", location, A)).body).toMatchObject({ status: "queued" });

    // two workers race for the job: exactly one runs it
    const a = runJob(store, jobId, { connector, now: clock.now });
    const b = runJob(store, jobId, { connector, now: clock.now });
    await clock.sleep(1);
    await clock.sleep(30_000);
    expect((await Promise.all([a, b])).sort()).toEqual(["skipped", "succeeded"]);
    expect(await runJob(store, jobId, { connector, now: clock.now })).toBe("skipped");
    expect(await runJob(store, "A".repeat(32), { connector, now: clock.now })).toBe("missing");
    expect(await runJob(store, "../etc", { connector, now: clock.now })).toBe("missing");
    const done = await call("GET", location, A);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ url: "https://files.contoso.com/2025-03.csv", rows: 3 });
  });

  it("a job never claimed before its deadline times out when run late", async () => {
    const queued: ScheduledJob[] = [];
    const clock = virtualClock();
    const store = memoryStore({ now: clock.now });
    const connector = defineConnector({
      title: "Contoso Reports",
      description: "Exports reports.",
      operations: [makeExport(clock, "ok")],
    });
    const handler = createHandler(connector, {
      store,
      now: clock.now,
      jobRunner: { schedule: (job) => void queued.push(job) },
    });
    const res = await handler.handle({
      method: "POST",
      path: "/reports/export",
      query: {},
      headers: {},
      body: { month: "2025-01" },
      baseUrl: "https://x.test/api",
    });
    expect(res.status).toBe(202);
    await clock.sleep(61_000);
    expect(await queued[0]!.run()).toBe("timed-out");
  });

  it("answers 503 and removes the job when scheduling fails", async () => {
    const clock = virtualClock();
    const store = memoryStore({ now: clock.now });
    const connector = defineConnector({
      title: "Contoso Reports",
      description: "Exports reports.",
      operations: [makeExport(clock, "ok")],
    });
    const handler = createHandler(connector, {
      store,
      now: clock.now,
      jobRunner: {
        schedule: () => {
          throw new Error("queue down");
        },
      },
    });
    const res = await handler.handle({
      method: "POST",
      path: "/reports/export",
      query: {},
      headers: {},
      body: { month: "2025-01" },
      baseUrl: "https://x.test/api",
    });
    expect(res.status).toBe(503);
    expect((await store.list("job:")).entries).toHaveLength(0);
  });

  it("without auth, jobs have no owner and the in-process runner drains with idle()", async () => {
    const clock = virtualClock();
    const runner = inProcessJobRunner();
    const store = memoryStore({ now: clock.now });
    const quick = longRunning({
      operationId: "Quick",
      summary: "Quick job",
      description: "Finishes at once.",
      method: "post",
      path: "/quick",
      responses: { 200: z.object({ ok: z.boolean() }) },
      retryAfter: 1,
      handler: async (_input, ctx) => {
        expect(ctx.principal).toBeNull();
        expect(ctx.signal.aborted).toBe(false);
        return { status: 200, body: { ok: true } };
      },
    });
    const connector = defineConnector({ title: "Quick", description: "Quick jobs.", operations: [quick] });
    const handler = createHandler(connector, { store, now: clock.now, jobRunner: runner });
    const res = await handler.handle({
      method: "POST",
      path: "/quick",
      query: {},
      headers: {},
      baseUrl: "https://x.test/api",
    });
    expect(runner.active).toBe(1);
    await runner.idle();
    expect(runner.active).toBe(0);
    const path = res.headers["location"]!.replace("https://x.test/api", "");
    const done = await handler.handle({
      method: "GET",
      path,
      query: {},
      headers: {},
      baseUrl: "https://x.test/api",
    });
    expect(done.status).toBe(200);
    expect(done.body).toBe('{"ok":true}');
  });

  it("rejects progress outside 0..100", async () => {
    const clock = virtualClock();
    const runner = inProcessJobRunner();
    const store = memoryStore({ now: clock.now });
    const op = longRunning({
      operationId: "Bad",
      summary: "Bad progress",
      description: "Reports bad progress.",
      method: "post",
      path: "/bad",
      responses: { 200: undefined },
      retryAfter: 1,
      handler: async (_input, ctx) => {
        await ctx.progress(101);
        return { status: 200 };
      },
    });
    const connector = defineConnector({ title: "Bad", description: "Bad jobs.", operations: [op] });
    const handler = createHandler(connector, { store, now: clock.now, jobRunner: runner });
    const res = await handler.handle({
      method: "POST",
      path: "/bad",
      query: {},
      headers: {},
      baseUrl: "https://x.test/api",
    });
    await runner.idle();
    const path = res.headers["location"]!.replace("https://x.test/api", "");
    const done = await handler.handle({
      method: "GET",
      path,
      query: {},
      headers: {},
      baseUrl: "https://x.test/api",
    });
    expect(done.status).toBe(500);
  });
});

describe("longRunning definition checks", () => {
  const base = {
    operationId: "X",
    summary: "X",
    description: "X.",
    method: "post" as const,
    path: "/x",
    handler: async () => ({ status: 200 as const, body: undefined }),
  };
  it.each([
    ["retryAfter 0", { retryAfter: 0 }],
    ["retryAfter fractional", { retryAfter: 1.5 }],
    ["maxDuration over 30 days", { retryAfter: 5, maxDuration: 31 * 86_400_000 }],
    ["retention negative", { retryAfter: 5, retention: -1 }],
  ])("refuses %s", (_name, extra) => {
    expect(() =>
      longRunning({ ...base, responses: { 200: undefined }, ...(extra as { retryAfter: number }) }),
    ).toThrow(TypeError);
  });
  it("refuses a declared 202 and a missing success response", () => {
    expect(() =>
      longRunning({ ...base, retryAfter: 5, responses: { 200: undefined, 202: undefined } }),
    ).toThrow(/202/);
    expect(() =>
      longRunning({ ...base, retryAfter: 5, responses: { 404: undefined } as unknown as { 200: undefined } }),
    ).toThrow(/success/);
  });
  it("refuses operations on the reserved status prefix", () => {
    const clock = virtualClock();
    const clash = action({
      operationId: "Clash",
      summary: "Clash",
      description: "Clash.",
      method: "get",
      path: "/_connectorkit/jobs/x",
      responses: { 200: undefined },
      handler: () => ({ status: 200 }),
    });
    const connector = defineConnector({
      title: "C",
      description: "C.",
      operations: [makeExport(clock, "ok"), clash],
    });
    expect(() => createHandler(connector)).toThrow(/reserved/);
  });
});

describe("accepted(): the manual asynchronous form", () => {
  it("resolves relative locations below baseUrl and keeps absolute ones", () => {
    expect(
      accepted({ location: "/reports/1/status", retryAfter: 5 }, { baseUrl: "https://h.test/api" }),
    ).toEqual({
      status: 202,
      headers: { location: "https://h.test/api/reports/1/status", "retry-after": "5" },
    });
    expect(
      accepted({ location: "reports/1", retryAfter: 0 }, { baseUrl: "https://h.test/api/" }).headers.location,
    ).toBe("https://h.test/api/reports/1");
    expect(accepted({ location: "https://other.test/s?x=1", retryAfter: 5 }).headers.location).toBe(
      "https://other.test/s?x=1",
    );
  });
  it.each([
    [{ location: "/x", retryAfter: 5 }, undefined],
    [{ location: "//evil.test/x", retryAfter: 5 }, { baseUrl: "https://h.test" }],
    [{ location: "javascript:alert(1)", retryAfter: 5 }, undefined],
    [{ location: "", retryAfter: 5 }, { baseUrl: "https://h.test" }],
    [{ location: "/x", retryAfter: -1 }, { baseUrl: "https://h.test" }],
    [{ location: "/x", retryAfter: Number.NaN }, { baseUrl: "https://h.test" }],
  ])("refuses %j", (options, ctx) => {
    expect(() => accepted(options, ctx)).toThrow(TypeError);
  });

  it("drives the engine loop through a hand-written status action", async () => {
    let polls = 0;
    const start = action({
      operationId: "StartScan",
      summary: "Start a scan",
      description: "Starts a scan.",
      method: "post",
      path: "/scans",
      responses: { 200: z.object({ clean: z.boolean() }), 202: ACCEPTED_RESPONSE },
      handler: (_input, ctx) => accepted({ location: "/scans/s1/status", retryAfter: 7 }, ctx),
    });
    const status = action({
      operationId: "ScanStatus",
      summary: "Scan status",
      description: "Returns the scan status.",
      method: "get",
      path: "/scans/{id}/status",
      request: { params: z.object({ id: z.string() }) },
      visibility: "internal",
      responses: { 200: z.object({ clean: z.boolean() }), 202: ACCEPTED_RESPONSE },
      handler: (_input, ctx) =>
        ++polls < 3
          ? accepted({ location: `/scans/s1/status`, retryAfter: 7 }, ctx)
          : { status: 200, body: { clean: true } },
    });
    const { server, clock } = await setup(() => [start, status], { validateResponses: true });
    const { final, exchanges } = await runAction(
      "POST",
      `${server.baseUrl}/scans`,
      {},
      { clock, headers: A },
    );
    expect(final.status).toBe(200);
    expect(final.body).toEqual({ clean: true });
    expect(exchanges[0]!.headers["location"]).toBe(`${server.baseUrl}/scans/s1/status`);
    expect(clock.sleeps).toEqual([7000, 7000, 7000]);
  });
});
