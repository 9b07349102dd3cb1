import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createHandler } from "../http/create-handler";
import { defineConnector } from "../operation/define-connector";
import { memoryStore } from "../store/memory-store";
import type { ConnectorStore } from "../store/types";
import { call, type LoopbackServer, serve } from "./engine-harness";
import { inProcessJobRunner, RUNNER_LEASE_PREFIX, type RunnerLease, runnerGone } from "./job-runner";
import { longRunning } from "./long-running";
import { JOB_INTERRUPTED } from "./recovery";
import { newJobId } from "./run-job";
import { encodeInput } from "./stored-input";
import type { JobRecord } from "./types";

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const runs: string[] = [];
const op = (operationId: string, resumable: boolean) =>
  longRunning({
    operationId,
    summary: operationId,
    description: `${operationId}.`,
    method: "post",
    path: `/${operationId.toLowerCase()}`,
    request: { body: z.object({ n: z.number() }) },
    responses: { 200: z.object({ n: z.number() }) },
    retryAfter: 1,
    resumable,
    maxAttempts: 2,
    handler: async ({ body }, ctx) => {
      runs.push(`${operationId}:${ctx.jobId}`);
      return { status: 200, body: { n: body.n } };
    },
  });

async function setup(store: ConnectorStore = memoryStore()) {
  runs.length = 0;
  const runner = inProcessJobRunner();
  const connector = defineConnector({
    title: "Contoso Jobs",
    description: "Jobs.",
    operations: [op("Plain", false), op("Again", true)],
  });
  const server = await serve(createHandler(connector, { store, jobRunner: runner }));
  servers.push(server);
  return { store, runner, server };
}

/** Writes a job as a runner of another process would have left it, with that runner's lease (or none). */
async function orphan(
  store: ConnectorStore,
  operationId: string,
  state: "queued" | "running",
  lease: RunnerLease | undefined,
  attempts = state === "running" ? 1 : 0,
): Promise<string> {
  const id = newJobId();
  const runner = `dead-${id.slice(0, 8)}`;
  if (lease) await store.put(`${RUNNER_LEASE_PREFIX}${runner}`, lease, { ttlMs: 60_000 });
  const now = Date.now();
  const job: JobRecord = {
    v: 2,
    id,
    operationId,
    state,
    createdAt: now,
    deadline: now + 3_600_000,
    retention: 60_000,
    attempts,
    owner: null,
    principal: null,
    input: { params: {}, query: {}, headers: {}, parsed: encodeInput({ body: { n: 7 } }) },
    method: "POST",
    path: `/${operationId.toLowerCase()}`,
    baseUrl: "http://127.0.0.1/api",
    runner,
  };
  if (state === "running") {
    job.startedAt = now;
    job.runId = "r1";
  }
  await store.put(`job:${id}`, job);
  return id;
}

const statusUrl = (server: LoopbackServer, operationId: string, id: string) =>
  `${server.baseUrl}/_connectorkit/jobs/${operationId}/${id}`;

async function pollUntilDone(url: string, budgetMs = 5_000) {
  const until = Date.now() + budgetMs;
  for (;;) {
    const res = await call("GET", url);
    if (res.status !== 202 || Date.now() > until) return res;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

describe("interrupted in-process jobs (finding 6)", () => {
  it("fails a running, non-resumable job of a vanished runner with 500 JobInterrupted at its status URL", async () => {
    const { store, server } = await setup();
    const id = await orphan(store, "Plain", "running", undefined); // lease expired: gone
    const res = await call("GET", statusUrl(server, "Plain", id));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: {
        code: JOB_INTERRUPTED,
        message:
          "The job was interrupted: the process running it stopped (crash or restart) before it finished. Start the operation again.",
      },
    });
    expect(runs).toEqual([]); // not run again: the handler is not declared safe to repeat
    expect((await call("GET", statusUrl(server, "Plain", id))).status).toBe(500); // stays failed
  });

  it("runs a resumable job again, until maxAttempts runs, then fails it", async () => {
    const { store, server } = await setup();
    const id = await orphan(store, "Again", "running", undefined, 1);
    const done = await pollUntilDone(statusUrl(server, "Again", id));
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ n: 7 });
    expect(runs).toEqual([`Again:${id}`]);
    const job = (await store.get<JobRecord>(`job:${id}`))!.value;
    expect(job.attempts).toBe(2);

    const spent = await orphan(store, "Again", "running", undefined, 2);
    const res = await call("GET", statusUrl(server, "Again", spent));
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({
      error: { code: JOB_INTERRUPTED, message: expect.stringMatching(/interrupted 2 times/) },
    });
  });

  it("runs a queued job again whatever the operation: its handler never started", async () => {
    const { store, server } = await setup();
    const id = await orphan(store, "Plain", "queued", undefined);
    const done = await pollUntilDone(statusUrl(server, "Plain", id));
    expect(done.status).toBe(200);
    expect(runs).toEqual([`Plain:${id}`]);
  });

  it("leaves the jobs of a live runner on another host alone, and takes them once its lease expires", async () => {
    let clock = Date.now();
    const store = memoryStore({ now: () => clock });
    const { server } = await setup(store);
    const id = await orphan(store, "Plain", "running", { host: "other-host", pid: 42, startedAt: 1 });
    const res = await call("GET", statusUrl(server, "Plain", id));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: "running" });
    clock += 61_000; // the lease (60 s) ran out without renewal
    expect((await call("GET", statusUrl(server, "Plain", id))).status).toBe(500);
  });

  it("on the same host, knows at once that a dead pid (or a previous incarnation of this pid) is gone", async () => {
    const store = memoryStore();
    const pid = await deadPid();
    await store.put(`${RUNNER_LEASE_PREFIX}a`, { host: hostname(), pid, startedAt: 1 }, { ttlMs: 60_000 });
    await store.put(
      `${RUNNER_LEASE_PREFIX}b`,
      { host: hostname(), pid: process.pid, startedAt: 1 },
      { ttlMs: 60_000 },
    );
    await store.put(`${RUNNER_LEASE_PREFIX}c`, { host: hostname(), pid: 1, startedAt: 1 }, { ttlMs: 60_000 });
    await store.put(`${RUNNER_LEASE_PREFIX}d`, "hostile", { ttlMs: 60_000 });
    expect(await runnerGone(store, "a")).toBe(true);
    expect(await runnerGone(store, "b")).toBe(true); // same pid, but no such runner alive in this process
    expect(await runnerGone(store, "c")).toBe(false); // pid 1 exists
    expect(await runnerGone(store, "d")).toBe(false); // unreadable lease: wait for it to expire
    expect(await runnerGone(store, "missing")).toBe(true);
    const live = inProcessJobRunner();
    expect(await runnerGone(store, live.instanceId)).toBe(false);
  });

  it("a recovery pass on the first request recovers jobs nobody polls", async () => {
    const store = memoryStore();
    const queued = await orphan(store, "Again", "queued", undefined);
    const running = await orphan(store, "Plain", "running", undefined);
    const { server, runner } = await setup(store);
    runs.length = 0;
    const start = await call("POST", `${server.baseUrl}/plain`, {}, { n: 1 });
    expect(start.status).toBe(202);
    const until = Date.now() + 5_000;
    while (Date.now() < until) {
      const a = (await store.get<JobRecord>(`job:${queued}`))!.value;
      const b = (await store.get<JobRecord>(`job:${running}`))!.value;
      if (a.state === "succeeded" && b.state === "failed") break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await runner.idle();
    expect((await store.get<JobRecord>(`job:${queued}`))!.value).toMatchObject({
      state: "succeeded",
      runner: runner.instanceId,
    });
    expect((await store.get<JobRecord>(`job:${running}`))!.value).toMatchObject({
      state: "failed",
      error: { code: JOB_INTERRUPTED },
    });
    expect(runs.filter((r) => r === `Again:${queued}`)).toHaveLength(1);
  });

  it("two handlers recovering the same job at once run it once", async () => {
    const store = memoryStore();
    const id = await orphan(store, "Again", "running", undefined);
    const a = await setup(store);
    const b = await setup(store);
    runs.length = 0;
    const polls = await Promise.all(
      [a, b, a, b].map(({ server }) => call("GET", statusUrl(server, "Again", id))),
    );
    expect(polls.every((p) => p.status === 202 || p.status === 200)).toBe(true);
    await a.runner.idle();
    await b.runner.idle();
    expect(runs).toEqual([`Again:${id}`]);
  });

  it("keeps a lease in the store for its jobs, written before the job names it", async () => {
    const { store, server, runner } = await setup();
    const start = await call("POST", `${server.baseUrl}/plain`, {}, { n: 1 });
    const job = (await store.get<JobRecord>(`job:${(start.body as { jobId: string }).jobId}`))!.value;
    expect(job.runner).toBe(runner.instanceId);
    const lease = await store.get<RunnerLease>(`${RUNNER_LEASE_PREFIX}${runner.instanceId}`);
    expect(lease?.value).toMatchObject({ host: hostname(), pid: process.pid });
    expect(lease?.expiresAt).toBeGreaterThan(Date.now());
    await runner.idle();
  });

  it("rejects a lease out of range", () => {
    expect(() => inProcessJobRunner({ leaseMs: 5 })).toThrow(/leaseMs/);
    expect(() => inProcessJobRunner({ leaseMs: Number.NaN })).toThrow(TypeError);
    expect(() => inProcessJobRunner({ leaseMs: 4_000_000 })).toThrow(TypeError);
  });
});
