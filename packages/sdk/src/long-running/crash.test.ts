import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { fileStore } from "../store/file-store";
import { call } from "./engine-harness";
import { JOB_INTERRUPTED } from "./recovery";
import type { JobRecord } from "./types";

const here = dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Starts the child server on the store in `dir`; resolves with its base URL and a way to SIGKILL it. */
async function startChild(dir: string): Promise<{ baseUrl: string; kill(): Promise<void> }> {
  const proc = spawn(process.execPath, ["--import", "tsx", join(here, "crash-child.ts"), dir], {
    stdio: ["ignore", "pipe", "pipe"],
    cwd: join(here, "..", ".."),
  });
  children.push(proc);
  let out = "";
  let err = "";
  proc.stderr!.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start: ${err}`)), 20_000);
    proc.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /ready (\S+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`child exited early: ${err}`));
    });
  });
  return {
    baseUrl,
    async kill() {
      proc.kill("SIGKILL");
      await exited; // reaped: its pid is gone, as a crashed process's is
    },
  };
}

interface Tracked {
  operationId: "Plain" | "Again";
  jobId: string;
  n: number;
}

const RETRY_AFTER_S = 1;
const FACTOR = 3;

describe("long-running jobs across SIGKILL (finding 6)", () => {
  it("after each restart every interrupted job fails with JobInterrupted or, when resumable, finishes — within retryAfter x 3", {
    timeout: 90_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "ck-jobcrash-"));
    dirs.push(dir);
    const budgetMs = 10_000;
    const started = Date.now();
    let pending: Tracked[] = [];
    const outcomes = { finished: 0, interrupted: 0, resumedAndFinished: 0 };
    let kills = 0;
    let n = 0;
    const settle = async (baseUrl: string, after: number): Promise<void> => {
      const deadline = after + RETRY_AFTER_S * 1000 * FACTOR;
      for (const job of pending) {
        const url = `${baseUrl}/_connectorkit/jobs/${job.operationId}/${job.jobId}`;
        for (;;) {
          const res = await call("GET", url);
          if (res.status === 200) {
            expect(res.body).toEqual({ n: job.n });
            outcomes.finished += 1;
            break;
          }
          if (res.status === 500) {
            expect(job.operationId, `resumable job ${job.jobId} failed`).toBe("Plain");
            expect(res.body).toMatchObject({ error: { code: JOB_INTERRUPTED } });
            outcomes.interrupted += 1;
            break;
          }
          expect(res.status, `job ${job.jobId}: ${JSON.stringify(res.body)}`).toBe(202);
          expect(
            Date.now(),
            `${job.operationId} job ${job.jobId} still 202 ${Date.now() - after} ms after the restart`,
          ).toBeLessThan(deadline);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      pending = [];
    };

    while (kills < 3 || (Date.now() - started < budgetMs && kills < 12)) {
      const child = await startChild(dir);
      await settle(child.baseUrl, Date.now());
      for (let i = 0; i < 6; i++) {
        const operationId = i % 2 === 0 ? "Plain" : "Again";
        n += 1;
        const res = await call(
          "POST",
          `${child.baseUrl}/${operationId.toLowerCase()}`,
          {},
          { n, steps: 4 + (i % 3) * 4 },
        );
        expect(res.status).toBe(202);
        pending.push({ operationId, jobId: (res.body as { jobId: string }).jobId, n });
      }
      await new Promise((r) => setTimeout(r, Math.random() * 250));
      await child.kill();
      kills += 1;
    }
    const last = await startChild(dir);
    await settle(last.baseUrl, Date.now());
    await last.kill();

    const store = await fileStore({ path: dir, logger: false });
    let jobs = 0;
    let cursor: string | undefined;
    do {
      const page = await store.list<JobRecord>("job:", cursor === undefined ? {} : { cursor });
      for (const { value } of page.entries) {
        jobs += 1;
        expect(["succeeded", "failed"], `job ${value.id} ended ${value.state}`).toContain(value.state);
        if (value.state === "failed") expect(value.error?.code).toBe(JOB_INTERRUPTED);
        if (value.operationId === "Again" && value.state === "succeeded" && value.attempts > 1) {
          outcomes.resumedAndFinished += 1;
        }
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
    await store.close();
    console.log(
      `job crash test: ${kills} SIGKILLs, ${jobs} jobs: ${outcomes.finished} finished ` +
        `(${outcomes.resumedAndFinished} resumable ones after an interruption), ${outcomes.interrupted} JobInterrupted, ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(jobs).toBe(n);
    expect(outcomes.finished + outcomes.interrupted).toBe(n);
    expect(outcomes.interrupted).toBeGreaterThan(0);
    expect(outcomes.resumedAndFinished).toBeGreaterThan(0);
  });
});
