import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ConnectorError } from "../errors/connector-error";
import { createHandler } from "../http/create-handler";
import { defineConnector } from "../operation/define-connector";
import type { AnyOperation } from "../operation/types";
import { fileStore } from "../store/file-store";
import { memoryStore } from "../store/memory-store";
import type { ConnectorStore } from "../store/types";
import { call, type LoopbackServer, serve } from "./engine-harness";
import { inProcessJobRunner } from "./job-runner";
import { longRunning } from "./long-running";
import { JOB_ID_PATTERN, runJob } from "./run-job";
import { decodeInput, encodeInput } from "./stored-input";
import type { JobRecord, JobRunner, ScheduledJob } from "./types";

const servers: LoopbackServer[] = [];
const stores: ConnectorStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const seen: unknown[] = [];
function makeOp(extra: Partial<Parameters<typeof longRunning>[0]> = {}) {
  return longRunning({
    operationId: "Import",
    summary: "Import rows",
    description: "Imports rows.",
    method: "post",
    path: "/imports/{team}",
    request: {
      params: z.object({ team: z.string() }),
      query: z.object({ mode: z.enum(["fast", "safe"]).default("safe") }),
      body: z.object({
        name: z.string().transform((s) => `${s}!`), // not idempotent: parsing twice would add two
        since: z.coerce.date(),
        notes: z.string().optional(),
      }),
    },
    responses: { 200: z.object({ ok: z.boolean() }) },
    retryAfter: 1,
    handler: async (input) => {
      seen.push(input);
      return { status: 200, body: { ok: true } };
    },
    ...extra,
  } as Parameters<typeof longRunning>[0]);
}

async function setup(options: { store?: ConnectorStore; jobRunner?: JobRunner; op?: AnyOperation } = {}) {
  seen.length = 0;
  const store = options.store ?? memoryStore();
  stores.push(store);
  const errors: ConnectorError[] = [];
  const runner = options.jobRunner ?? inProcessJobRunner();
  const connector = defineConnector({
    title: "Contoso Imports",
    description: "Imports rows.",
    operations: [options.op ?? makeOp()],
  });
  const handler = createHandler(connector, {
    store,
    jobRunner: runner,
    validateResponses: true,
    onError: (e) => void errors.push(e),
  });
  const server = await serve(handler);
  servers.push(server);
  return { store, server, errors, runner, connector };
}

const body = { name: "rows", since: "2025-01-02T03:04:05.000Z" };

describe("job input: validated, stripped, within a budget", () => {
  it("stores the schema output without unknown fields, so 3 MB of junk per request costs nothing (finding 5)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ck-jobinput-"));
    dirs.push(dir);
    const store = await fileStore({ path: dir, logger: false });
    const { server, runner } = await setup({ store });
    const junk = "j".repeat(3_000_000);
    for (let i = 0; i < 3; i++) {
      const res = await call(
        "POST",
        `${server.baseUrl}/imports/red?mode=fast&extra=1`,
        {},
        { ...body, junk },
      );
      expect(res.status).toBe(202);
    }
    await (runner as ReturnType<typeof inProcessJobRunner>).idle();
    const { entries } = await store.list<JobRecord>("job:");
    expect(entries).toHaveLength(3);
    const record = entries[0]!.value;
    expect(record.v).toBe(2);
    expect(record.input.body).toBeUndefined();
    expect(record.input.parsed).toEqual({
      json: {
        params: { team: "red" },
        query: { mode: "fast" },
        headers: {},
        body: { name: "rows!", since: "2025-01-02T03:04:05.000Z" },
      },
      dates: [["body", "since"]],
    });
    expect(JSON.stringify(record)).not.toContain("jjjj");
    // 3 x 3 MB of requests left a log of a few kilobytes (each job written about three times)
    expect((await stat(join(dir, "store.log"))).size).toBeLessThan(50_000);
    // the in-process runner handed the handler the validated value itself: transformed once, a real Date
    expect(seen).toHaveLength(3);
    const input = seen[0] as { body: { name: string; since: Date }; query: { mode: string } };
    expect(input.body.name).toBe("rows!");
    expect(input.body.since).toBeInstanceOf(Date);
    expect(input.query.mode).toBe("fast");
  });

  it("answers 413 over the budget and stores nothing; a larger maxInputBytes lets it through", async () => {
    const { server, store } = await setup();
    const notes = "n".repeat(300_000);
    const res = await call("POST", `${server.baseUrl}/imports/red`, {}, { ...body, notes });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: "PayloadTooLarge" } });
    expect((res.body as { error: { message: string } }).error.message).toMatch(
      /Import is 300\d{3} bytes of JSON after validation; a job keeps at most 262144 bytes.*maxInputBytes/,
    );
    expect((await store.list("job:")).entries).toEqual([]);
    expect((await store.list("jobrunner:")).entries).toEqual([]); // rejected before anything was written

    const big = await setup({ op: makeOp({ maxInputBytes: 1_000_000 }) });
    expect((await call("POST", `${big.server.baseUrl}/imports/red`, {}, { ...body, notes })).status).toBe(
      202,
    );
  });

  it("a queue runner's worker runs the job from the stored input, without parsing it again", async () => {
    const queued: ScheduledJob[] = [];
    const { server, store, connector } = await setup({
      jobRunner: { schedule: (job) => void queued.push(job) },
    });
    const res = await call("POST", `${server.baseUrl}/imports/blue`, {}, body);
    expect(res.status).toBe(202);
    const [job] = queued;
    expect(job?.jobId).toMatch(JOB_ID_PATTERN);
    const record = (await store.get<JobRecord>(`job:${job!.jobId}`))!.value;
    expect(record.runner).toBeUndefined(); // not an in-process job: no recovery applies
    expect(await runJob(store, job!.jobId, { connector })).toBe("succeeded");
    const input = seen[0] as { body: { name: string; since: Date }; params: { team: string } };
    expect(input.body.name).toBe("rows!"); // transformed once, at the start request
    expect(input.body.since).toBeInstanceOf(Date);
    expect(input.body.since.toISOString()).toBe(body.since);
    expect(input.params.team).toBe("blue");
  });

  it("still runs a v1 record (raw body, written by an older release) by parsing it as before", async () => {
    const { store, connector } = await setup();
    const jobId = "A".repeat(32);
    const v1: JobRecord = {
      v: 1,
      id: jobId,
      operationId: "Import",
      state: "queued",
      createdAt: Date.now(),
      deadline: Date.now() + 60_000,
      retention: 60_000,
      attempts: 0,
      owner: null,
      principal: null,
      input: { params: { team: "old" }, query: {}, headers: {}, body: { ...body, junk: 1 } },
      method: "POST",
      path: "/imports/old",
      baseUrl: "http://127.0.0.1/api",
    };
    await store.put(`job:${jobId}`, v1);
    expect(await runJob(store, jobId, { connector })).toBe("succeeded");
    expect(seen[0]).toMatchObject({
      params: { team: "old" },
      body: { name: "rows!" },
      query: { mode: "safe" },
    });
  });

  it("fails a v2 record whose stored input is missing or mangled with 500, not a crash", async () => {
    const { store, connector, server } = await setup({ jobRunner: { schedule: () => undefined } });
    const res = await call("POST", `${server.baseUrl}/imports/blue`, {}, body);
    const jobId = (res.body as { jobId: string }).jobId;
    const entry = (await store.get<JobRecord>(`job:${jobId}`))!;
    const mangled = { ...entry.value, input: { ...entry.value.input, parsed: "not an object" } };
    await store.put(`job:${jobId}`, mangled as unknown as JobRecord);
    expect(await runJob(store, jobId, { connector })).toBe("failed");
    const final = await call("GET", res.headers["location"]!);
    expect(final.status).toBe(500);
    expect(seen).toEqual([]);
  });

  it("refuses (500, nothing stored) input its schemas turn into values JSON cannot keep", async () => {
    const op = longRunning({
      operationId: "Odd",
      summary: "Odd",
      description: "Odd.",
      method: "post",
      path: "/odd",
      request: { body: z.object({ tags: z.array(z.string()).transform((t) => new Set(t)) }) },
      responses: { 200: undefined },
      retryAfter: 1,
      handler: async () => ({ status: 200 }),
    });
    const { server, store, errors } = await setup({ op });
    const res = await call("POST", `${server.baseUrl}/odd`, {}, { tags: ["a"] });
    expect(res.status).toBe(500);
    expect((await store.list("job:")).entries).toEqual([]);
    const cause = (errors[0] as { cause?: unknown } | undefined)?.cause;
    expect(cause).toBeInstanceOf(TypeError);
    expect((cause as Error).message).toMatch(/Odd.*cannot store.*Set at body\.tags/s);
  });

  it("rejects bad job settings at definition", () => {
    expect(() => makeOp({ maxInputBytes: 10 })).toThrow(/maxInputBytes must be an integer from 1024/);
    expect(() => makeOp({ maxInputBytes: "1e6" as unknown as number })).toThrow(TypeError);
    expect(() => makeOp({ resumable: "yes" as unknown as boolean })).toThrow(
      /resumable must be true or false/,
    );
    expect(() => makeOp({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => makeOp({ maxAttempts: 11 })).toThrow(/maxAttempts/);
    expect(makeOp({ resumable: true }).longRunning).toMatchObject({
      resumable: true,
      maxAttempts: 3,
      maxInputBytes: 262_144,
    });
  });
});

describe("stored input codec", () => {
  it("round-trips JSON values and Dates, and refuses what JSON cannot hold", () => {
    const value = {
      a: [1, "x", { d: new Date(0), n: null }],
      b: { c: true, skip: undefined },
      when: new Date("2025-05-05T00:00:00Z"),
    };
    const stored = encodeInput(value);
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
    const back = decodeInput(JSON.parse(JSON.stringify(stored))) as typeof value;
    expect(back).toEqual({ a: [1, "x", { d: new Date(0), n: null }], b: { c: true }, when: value.when });
    expect(back.when).toBeInstanceOf(Date);
    for (const bad of [
      { m: new Map() },
      { n: Number.NaN },
      { b: 1n },
      { f: () => 1 },
      { a: [undefined] },
      { d: new Date(Number.NaN) },
    ]) {
      expect(() => encodeInput(bad)).toThrow(TypeError);
    }
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { deep };
    expect(() => encodeInput(deep)).toThrow(/nested more than 64/);
    // hostile stored paths are ignored, never followed into prototypes
    const hostile = decodeInput({
      json: { a: "x" },
      dates: [["__proto__", "polluted"], [], "x" as never, ["a"]],
    });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect((hostile as { a: unknown }).a).toBeInstanceOf(Date);
  });
});
