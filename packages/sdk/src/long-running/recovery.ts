/**
 * Recovery of jobs whose in-process runner died (crash, SIGKILL, restart): a queued job is run again (its
 * handler never started), a running one is run again when its operation is `resumable`, and otherwise fails
 * with the documented `JobInterrupted` error instead of answering 202 until `maxDuration`.
 * @module
 */
import type { Connector } from "../operation/define-connector";
import type { ConnectorStore } from "../store/types";
import { runnerGone, runnerInternals } from "./job-runner";
import { isLongRunning, JOB_KEY_PREFIX, runStoredJob, updateJob } from "./run-job";
import type { JobRecord, JobRunner, RunJobOptions } from "./types";

/**
 * The error code a job's status URL answers (with status 500) when the process running the job stopped before
 * it finished and the operation is not `resumable` (or ran out of attempts).
 *
 * @example
 * ```ts
 * const res = await fetch(location);
 * const body = await res.json();
 * if (res.status === 500 && body.error.code === JOB_INTERRUPTED) console.warn("start the export again");
 * ```
 */
export const JOB_INTERRUPTED = "JobInterrupted";

/** Status of the {@link JOB_INTERRUPTED} answer. @internal */
export const JOB_INTERRUPTED_STATUS = 500;

/**
 * What a recovery pass did.
 *
 * @example
 * ```ts
 * const r: JobRecoveryReport = { checked: 12, interrupted: 1, restarted: 2 };
 * ```
 */
export interface JobRecoveryReport {
  /** Queued or running jobs owned by another in-process runner that were looked at. */
  checked: number;
  /** Jobs failed with `JobInterrupted`. */
  interrupted: number;
  /** Jobs queued again and handed to this handler's runner. */
  restarted: number;
}

/** What recovery needs from the handler. @internal */
export interface RecoveryEnv {
  store: ConnectorStore;
  connector: Connector;
  now: () => number;
  runner: JobRunner;
  runOptions: RunJobOptions;
  /** Reports a recovery failure (store down, queue down). */
  report(error: unknown, operationId: string | undefined): void;
}

type Decision = "restart" | "interrupt" | undefined;

function interruptedError(attempts: number): NonNullable<JobRecord["error"]> {
  return {
    code: JOB_INTERRUPTED,
    message:
      attempts > 1
        ? `The job was interrupted ${attempts} times (the process running it stopped before it finished). Start the operation again.`
        : "The job was interrupted: the process running it stopped (crash or restart) before it finished. Start the operation again.",
  };
}

/**
 * Checks one queued or running job: when the in-process runner that owns it is gone, restarts it (queued, or
 * running and resumable with attempts left) on this handler's runner, or fails it with `JobInterrupted`.
 * Conditional writes make this safe to run from several processes at once: one of them wins.
 * @returns the job as it now stands.
 * @internal
 */
export async function recoverJob(
  env: RecoveryEnv,
  job: JobRecord,
  gone: (instanceId: string) => Promise<boolean>,
): Promise<JobRecord> {
  const dead = job.runner;
  if ((job.state !== "queued" && job.state !== "running") || dead === undefined) return job;
  const own = runnerInternals(env.runner);
  if (dead === own?.instanceId) return job;
  if (!(await gone(dead))) return job;
  const op = env.connector.byId.get(job.operationId);
  let decision: Decision;
  if (own) await own.register(env.store); // our lease exists before a job names us
  const entry = await updateJob(env.store, job.id, env.now, (current) => {
    decision = undefined;
    if ((current.state !== "queued" && current.state !== "running") || current.runner !== dead)
      return undefined;
    const resumable = isLongRunning(op) && op.longRunning.resumable;
    const attemptsLeft = isLongRunning(op) && current.attempts < op.longRunning.maxAttempts;
    if (current.state === "queued" || (resumable && attemptsLeft)) {
      decision = "restart";
      const next: JobRecord = { ...current, state: "queued" };
      delete next.runId;
      delete next.startedAt;
      delete next.progress;
      if (own) next.runner = own.instanceId;
      else delete next.runner;
      return next;
    }
    decision = "interrupt";
    return {
      ...current,
      state: "failed",
      finishedAt: env.now(),
      error: interruptedError(current.attempts),
    };
  });
  if (!entry) return job;
  if (decision === "restart") {
    try {
      await env.runner.schedule({
        jobId: job.id,
        operationId: job.operationId,
        run: () => runStoredJob(env.store, job.id, env.runOptions, undefined),
      });
    } catch (error) {
      env.report(error, job.operationId);
    }
  }
  return entry.value;
}

/**
 * A liveness check that asks the store once per runner instance.
 * @internal
 */
export function cachedGone(store: ConnectorStore): (instanceId: string) => Promise<boolean> {
  const seen = new Map<string, Promise<boolean>>();
  return (instanceId) => {
    let answer = seen.get(instanceId);
    if (!answer) {
      answer = runnerGone(store, instanceId);
      seen.set(instanceId, answer);
    }
    return answer;
  };
}

/**
 * Walks every stored job once and recovers those of runners that are gone (see {@link recoverJob}).
 * @internal
 */
export async function recoverInterruptedJobs(env: RecoveryEnv): Promise<JobRecoveryReport> {
  const report: JobRecoveryReport = { checked: 0, interrupted: 0, restarted: 0 };
  const own = runnerInternals(env.runner)?.instanceId;
  const gone = cachedGone(env.store);
  let cursor: string | undefined;
  do {
    const page = await env.store.list<JobRecord>(JOB_KEY_PREFIX, cursor === undefined ? {} : { cursor });
    for (const { value: job } of page.entries) {
      if (!job || typeof job !== "object") continue;
      if ((job.state !== "queued" && job.state !== "running") || job.runner === undefined) continue;
      if (job.runner === own) continue;
      report.checked += 1;
      try {
        const after = await recoverJob(env, job, gone);
        if (after.state === "failed" && after.error?.code === JOB_INTERRUPTED) report.interrupted += 1;
        else if (after.state === "queued" && after.runner !== job.runner) report.restarted += 1;
      } catch (error) {
        env.report(error, job.operationId);
      }
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return report;
}
